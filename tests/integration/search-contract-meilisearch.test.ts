// The shared contract suite against a real Meilisearch server. No server can
// be installed on the development machines, so this runs only when
// MEILISEARCH_URL is set (e.g. MEILISEARCH_URL=http://127.0.0.1:7700 npm test);
// the engine's requests are always checked against the published API
// description in meilisearch-openapi.test.ts.
import { describe } from 'vitest';
import { createMeilisearchEngine } from '@search/engines/meilisearch';
import { describeSearchEngineContract } from '../support/search-contract';

const url = process.env.MEILISEARCH_URL;

describe.runIf(url)('Meilisearch at MEILISEARCH_URL', () => {
  // A separate index: the suite clears it before every test.
  describeSearchEngineContract('meilisearch', async () =>
    createMeilisearchEngine({ url: url!, apiKey: process.env.MEILISEARCH_API_KEY, indexName: `hearth_contract_${process.pid}` }),
  );
});
