// "Did you mean" from Meilisearch: the words it matched with a typo, read from
// the hits' match positions in their plain words.
import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '@search/analysis';
import { typoMatches } from '@search/engines/meilisearch';
import type { SearchDocument } from '@search/types';
import type { Hit } from 'meilisearch';

function hit(words: string, matched: string[]): Hit<SearchDocument> {
  const positions = matched.map((word) => ({ start: words.indexOf(word), length: word.length }));
  return { words, _matchesPosition: { words: positions } } as unknown as Hit<SearchDocument>;
}

describe('typoMatches', () => {
  it('corrects a word Meilisearch matched only with a typo, keeping the rest of the query as typed', () => {
    const hits = [hit('download your invoice as a pdf', ['invoice', 'pdf'])];
    expect(typoMatches(analyzeQuery('Invocie PDF'), 'Invocie PDF', hits)).toEqual({ typoFallback: true, corrected: 'invoice PDF' });
  });

  it('offers nothing when every word matched as typed, or for short words and numbers', () => {
    const hits = [hit('export notes to pdf', ['export', 'pdf'])];
    expect(typoMatches(analyzeQuery('export pdf'), 'export pdf', hits)).toEqual({ typoFallback: false });
    expect(typoMatches(analyzeQuery('pdg'), 'pdg', [hit('pdf', ['pdf'])])).toEqual({ typoFallback: false });
    expect(typoMatches(analyzeQuery('exprot'), 'exprot', [])).toEqual({ typoFallback: false });
  });
});
