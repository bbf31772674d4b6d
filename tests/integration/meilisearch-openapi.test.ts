// Proves that every request the Meilisearch engine makes through the official client conforms to the
// published API description (OpenAPI 3.1, Meilisearch v1.15.2). A fake Meilisearch on 127.0.0.1 records
// each exchange and answers in the shapes of the spec's response schemas; every exchange is then checked
// against the spec: path template, method, query parameters, bearer auth, request body schema (ajv,
// JSON Schema 2020-12) and, to keep the fake honest, the response body schema.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMeilisearchEngine, meilisearchDocument } from '@search/engines/meilisearch';
import { filterableAttributes, maxTotalHits, minWordSizeForTypos, rankingRules, searchableAttributes, sortableAttributes } from '@search/settings';
import { SearchEngineUnavailableError, type SearchDocument, type SearchEngine } from '@search/types';

// ---------------------------------------------------------------------------------------------
// The API description and its validator

const SPEC_FILE = resolve(import.meta.dirname, '../fixtures/meilisearch/open-api.json');
const SPEC_ID = 'meilisearch-openapi.json';
type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
}
interface OpenApiMedia {
  schema: object;
}
interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, OpenApiMedia> };
  responses: Record<string, { content?: Record<string, OpenApiMedia> }>;
  security?: Record<string, string[]>[];
}
interface OpenApiSpec {
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: { schemas: Record<string, { required?: string[]; additionalProperties?: unknown }> };
}

// Where the description disagrees with Meilisearch itself (its docs, the official client and the server
// agree with each other), we follow Meilisearch. Every correction of the description is listed here.

/** Real route template → the description's (misspelt) entry for the same operation. */
const PATH_ERRATA: Record<string, string> = {
  // Delete-by-ids is served at /indexes/{uid}/documents/delete-batch (Meilisearch docs, meilisearch-js,
  // the server); the generated description lost the "/documents" scope of that route.
  '/indexes/{indexUid}/documents/delete-batch': '/indexes/{indexUid}/delete-batch',
};

/** operationId → query parameters the description marks required that Meilisearch only takes sometimes. */
const OPTIONAL_QUERY_PARAMETERS: Record<string, string[]> = {
  // csvDelimiter only applies to text/csv payloads; Meilisearch refuses it alongside application/json.
  replace_documents: ['csvDelimiter'],
};

/** operationId → the schema of its success response, where the description documents another shape. */
const RESPONSE_SCHEMA_ERRATA: Record<string, string> = {
  // Without `federation`, multi-search answers { results: [...] }; the description only shows the federated form.
  multi_search_with_post: '/components/schemas/SearchResults',
};

/**
 * Search parameters the description lists as required although Meilisearch defaults them (the
 * generator marks every non-Option Rust field required; the docs and the client treat them as optional).
 */
const DEFAULTED_SEARCH_PARAMETERS = [
  'retrieveVectors',
  'cropLength',
  'showRankingScore',
  'showRankingScoreDetails',
  'showMatchesPosition',
  'highlightPreTag',
  'highlightPostTag',
  'cropMarker',
  'matchingStrategy',
];

/**
 * Request bodies Meilisearch parses with unknown fields denied but the description leaves open; closing
 * them here tightens the check, so a misspelt parameter fails this test instead of passing silently.
 */
const CLOSED_REQUEST_SCHEMAS = ['FederatedSearch', 'SearchQueryWithIndex', 'IndexCreateRequest'];

function loadSpec(): OpenApiSpec {
  const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as OpenApiSpec;
  const schemas = spec.components.schemas;
  const searchQuery = schemas.SearchQueryWithIndex!;
  searchQuery.required = searchQuery.required!.filter((name) => !DEFAULTED_SEARCH_PARAMETERS.includes(name));
  for (const name of CLOSED_REQUEST_SCHEMAS) schemas[name]!.additionalProperties = false;
  return spec;
}

const spec = loadSpec();

function createSchemaValidator(document: OpenApiSpec): (pointer: string, data: unknown) => string[] {
  // strictTuples only lints tuple schemas without minItems/maxItems (IndexSwap); it does not change validation.
  const ajv = new Ajv2020({ strict: true, strictTuples: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI's `example` annotation is not a JSON Schema 2020-12 keyword.
  ajv.addKeyword('example');
  // The description's top-level members (openapi, info, paths, components…) are not schema keywords;
  // declaring them lets ajv load the whole document, so `#/components/schemas/…` refs resolve in it.
  for (const member of Object.keys(document)) ajv.addKeyword(member);
  // OpenAPI formats of Rust number types: the integer widths are checked, floats are any number.
  for (const [format, max] of [
    ['u-int8', 2 ** 8 - 1],
    ['u-int32', 2 ** 32 - 1],
    ['u-int64', Number.MAX_SAFE_INTEGER],
  ] as const) {
    ajv.addFormat(format, { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= max });
  }
  for (const format of ['float', 'double']) ajv.addFormat(format, { type: 'number', validate: () => true });
  ajv.addSchema(document, SPEC_ID);
  return (pointer, data) => {
    const validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
    if (!validate) return [`no schema at ${pointer}`];
    return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} (${e.schemaPath})`);
  };
}

const validateAgainst = createSchemaValidator(spec);

function pointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

interface Route {
  /** The description's path entry (a template as served may be an erratum alias of it). */
  specPath: string;
  pattern: RegExp;
  parameterCount: number;
}

const routes: Route[] = [...Object.keys(spec.paths).map((path) => [path, path] as const), ...Object.entries(PATH_ERRATA)].map(([template, specPath]) => ({
  specPath,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  parameterCount: (template.match(/\{/g) ?? []).length,
}));

/** The matching template with the fewest parameters: OpenAPI gives concrete paths precedence over templated ones. */
function findRoute(path: string): Route | undefined {
  return routes.filter((route) => route.pattern.test(path)).sort((a, b) => a.parameterCount - b.parameterCount)[0];
}

interface Exchange {
  method: string;
  path: string;
  query: [string, string][];
  contentType: string | undefined;
  authorization: string | undefined;
  body: unknown;
  status: number;
  response: unknown;
}

/** Everything in one exchange that the published description does not allow; [] when it conforms. */
function specViolations(exchange: Exchange): string[] {
  const label = `${exchange.method} ${exchange.path}`;
  const route = findRoute(exchange.path);
  if (!route) return [`${label}: no path of the description matches`];
  const method = exchange.method.toLowerCase() as HttpMethod;
  const operation = spec.paths[route.specPath]?.[method];
  if (!operation) return [`${label}: ${exchange.method} is not defined for ${route.specPath}`];
  const problems: string[] = [];
  const problem = (text: string) => problems.push(`${label} (${operation.operationId}): ${text}`);

  const queryParameters = (operation.parameters ?? []).filter((p) => p.in === 'query');
  for (const [name] of exchange.query) {
    if (!queryParameters.some((p) => p.name === name)) problem(`query parameter "${name}" is not declared`);
  }
  const optional = OPTIONAL_QUERY_PARAMETERS[operation.operationId] ?? [];
  for (const parameter of queryParameters) {
    if (parameter.required && !optional.includes(parameter.name) && !exchange.query.some(([name]) => name === parameter.name)) {
      problem(`required query parameter "${parameter.name}" is missing`);
    }
  }

  const needsBearer = (operation.security ?? []).some((requirement) => 'Bearer' in requirement);
  if (needsBearer && !/^Bearer \S+$/.test(exchange.authorization ?? '')) problem('no "Authorization: Bearer <key>" header');

  const requestBody = operation.requestBody;
  const operationPointer = `/paths/${pointerSegment(route.specPath)}/${method}`;
  if (exchange.body === undefined) {
    if (requestBody?.required) problem('the request body is required');
  } else if (!requestBody) {
    problem('sends a body the operation does not take');
  } else {
    const mediaType = exchange.contentType?.split(';')[0]?.trim() ?? '';
    if (!(mediaType in requestBody.content)) {
      problem(`content type "${mediaType}" is not one of ${Object.keys(requestBody.content).join(', ')}`);
    } else {
      const pointer = `${operationPointer}/requestBody/content/${pointerSegment(mediaType)}/schema`;
      for (const error of validateAgainst(pointer, exchange.body)) problem(`request body ${error}`);
    }
  }

  // Meilisearch answers enqueued tasks with 202 where the description documents 200: any 2xx is
  // checked against the documented success response.
  const success = exchange.status >= 200 && exchange.status < 300;
  const statusKey = success ? Object.keys(operation.responses).find((s) => s.startsWith('2')) : String(exchange.status);
  const declared = statusKey === undefined ? undefined : operation.responses[statusKey];
  if (!declared) {
    problem(`the fake answered ${exchange.status}, which the operation does not declare`);
  } else if (exchange.response !== undefined) {
    const erratum = success ? RESPONSE_SCHEMA_ERRATA[operation.operationId] : undefined;
    const pointer = erratum ?? `${operationPointer}/responses/${statusKey}/content/application~1json/schema`;
    for (const error of validateAgainst(pointer, exchange.response)) problem(`the fake's response ${error}`);
  }
  return problems;
}

function expectConformant(exchanges: Exchange[]): void {
  expect(exchanges.length).toBeGreaterThan(0);
  expect(exchanges.flatMap(specViolations)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// A fake Meilisearch: enough behaviour for the engine, answers shaped like the spec's schemas

type Json = Record<string, unknown>;
type TaskType = 'indexCreation' | 'settingsUpdate' | 'documentAdditionOrUpdate' | 'documentDeletion';

interface ResponseError {
  message: string;
  code: string;
  type: 'invalid_request';
  link: string;
}
interface FakeIndex {
  primaryKey: string | null;
  createdAt: string;
  settings: Json;
  documents: Map<string, Json>;
}
interface FakeTask {
  uid: number;
  indexUid: string;
  type: TaskType;
  enqueuedAt: string;
  error: ResponseError | null;
  polls: number;
}
interface Reply {
  status: number;
  body?: unknown;
}

function responseError(code: string, message: string): ResponseError {
  return { message, code, type: 'invalid_request', link: `https://docs.meilisearch.com/errors#${code}` };
}

class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly error: ResponseError,
  ) {
    super(error.message);
  }
}

/** Parses the only filter forms the engine sends: `attr = "value"` and `attr IN ["a", "b"]` clauses joined with AND. */
function parseFilter(filter: unknown): [string, string[]][] {
  if (filter === undefined) return [];
  if (typeof filter !== 'string') throw new FakeError(400, responseError('invalid_search_filter', 'The fake only takes string filters.'));
  const clauses: [string, string[]][] = [];
  const unquote = (value: string) => value.slice(1, -1).replace(/\\(.)/g, '$1');
  let rest = filter;
  while (rest !== '') {
    const equal = /^(\w+) = ("(?:[^"\\]|\\.)*")(?: AND (?=.)|$)/.exec(rest);
    const anyOf = /^(\w+) IN \[((?:"(?:[^"\\]|\\.)*"(?:, (?="))?)*)\](?: AND (?=.)|$)/.exec(rest);
    const match = equal ?? anyOf;
    if (!match) throw new FakeError(400, responseError('invalid_search_filter', `Cannot parse filter at: ${rest}`));
    const values = equal ? [unquote(equal[2]!)] : [...match[2]!.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => unquote(m[0]));
    clauses.push([match[1]!, values]);
    rest = rest.slice(match[0].length);
  }
  return clauses;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Keeps `length` words around the first match, marking cut ends, as Meilisearch's crop does. */
function crop(text: string, words: string[], length: number, marker: string): string {
  const tokens = text.split(/\s+/);
  const first = Math.max(
    0,
    tokens.findIndex((token) => words.some((word) => token.toLowerCase().includes(word))),
  );
  const start = Math.max(0, Math.min(first - Math.floor(length / 2), tokens.length - length));
  const end = Math.min(tokens.length, start + length);
  return `${start > 0 ? marker : ''}${tokens.slice(start, end).join(' ')}${end < tokens.length ? marker : ''}`;
}

function countBy(documents: Json[], field: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const document of documents) counts[String(document[field])] = (counts[String(document[field])] ?? 0) + 1;
  return counts;
}

function highlight(text: string, words: string[], pre: string, post: string): string {
  if (words.length === 0) return text;
  return text.replace(new RegExp(words.map(escapeRegExp).join('|'), 'gi'), (match) => `${pre}${match}${post}`);
}

class FakeMeilisearch {
  readonly indexes = new Map<string, FakeIndex>();
  private readonly tasks: FakeTask[] = [];
  private readonly exchanges: Exchange[] = [];
  private nextTaskError: ResponseError | null = null;
  private hideIndexOnce = false;
  private readonly server: Server = createServer((request, response) => {
    void this.exchange(request).then(({ status, body }) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The exchanges recorded since the last call. */
  takeExchanges(): Exchange[] {
    return this.exchanges.splice(0);
  }

  /** The next enqueued task fails with this error. */
  failNextTask(code: string, message: string): void {
    this.nextTaskError = responseError(code, message);
  }

  /** Answers the next GET /indexes/{uid} with 404, as if another process created the index just after. */
  loseNextIndexCreationRace(): void {
    this.hideIndexOnce = true;
  }

  private async exchange(request: IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body: unknown = raw === '' ? undefined : JSON.parse(raw);
    const method = request.method ?? 'GET';
    let reply: Reply;
    try {
      reply = this.route(method, url.pathname.split('/').filter(Boolean), url.searchParams, body);
    } catch (error) {
      // A bug in the fake shows up as a 500, which the conformance check then reports.
      reply = error instanceof FakeError ? { status: error.status, body: error.error } : { status: 500, body: responseError('internal', String(error)) };
    }
    this.exchanges.push({
      method,
      path: url.pathname,
      query: [...url.searchParams],
      contentType: request.headers['content-type'],
      authorization: request.headers.authorization,
      body,
      status: reply.status,
      response: reply.body,
    });
    return reply;
  }

  private route(method: string, segments: string[], query: URLSearchParams, body: unknown): Reply {
    const [first, uid, sub, subSub] = segments;
    const route = `${method} /${[first, uid === undefined ? undefined : ':uid', sub, subSub].filter(Boolean).join('/')}`;
    switch (route) {
      case 'GET /health':
        return { status: 200, body: { status: 'available' } };
      case 'POST /indexes': {
        const { uid: newUid, primaryKey } = body as { uid: string; primaryKey?: string };
        return this.enqueue(newUid, 'indexCreation', () => {
          if (this.indexes.has(newUid)) throw new FakeError(409, responseError('index_already_exists', `Index \`${newUid}\` already exists.`));
          this.createIndex(newUid, primaryKey ?? null);
        });
      }
      case 'GET /indexes/:uid': {
        const hidden = this.hideIndexOnce;
        this.hideIndexOnce = false;
        const index = this.existingIndex(uid!, hidden);
        return { status: 200, body: { uid, primaryKey: index.primaryKey, createdAt: index.createdAt, updatedAt: index.createdAt } };
      }
      case 'PATCH /indexes/:uid/settings':
        return this.enqueue(uid!, 'settingsUpdate', () => Object.assign(this.indexOrCreate(uid!).settings, body));
      case 'GET /indexes/:uid/stats': {
        const documents = [...this.existingIndex(uid!).documents.values()];
        const fieldDistribution: Record<string, number> = {};
        for (const field of documents.flatMap((document) => Object.keys(document))) fieldDistribution[field] = (fieldDistribution[field] ?? 0) + 1;
        return {
          status: 200,
          body: {
            numberOfDocuments: documents.length,
            rawDocumentDbSize: 0,
            avgDocumentSize: 0,
            isIndexing: false,
            numberOfEmbeddings: 0,
            numberOfEmbeddedDocuments: 0,
            fieldDistribution,
          },
        };
      }
      case 'POST /indexes/:uid/documents':
        return this.enqueue(uid!, 'documentAdditionOrUpdate', () => {
          const index = this.indexOrCreate(uid!);
          index.primaryKey ??= query.get('primaryKey');
          for (const document of body as Json[]) index.documents.set(String(document[index.primaryKey ?? 'id']), document);
        });
      case 'POST /indexes/:uid/documents/delete-batch':
        return this.enqueue(uid!, 'documentDeletion', () => {
          for (const id of body as string[]) this.existingIndex(uid!).documents.delete(id);
        });
      case 'DELETE /indexes/:uid/documents':
        return this.enqueue(uid!, 'documentDeletion', () => this.existingIndex(uid!).documents.clear());
      case 'GET /tasks/:uid':
        return this.taskView(Number(uid));
      case 'POST /multi-search':
        return { status: 200, body: { results: (body as { queries: Json[] }).queries.map((q) => this.search(q)) } };
      default:
        return { status: 404 };
    }
  }

  private createIndex(uid: string, primaryKey: string | null): FakeIndex {
    const index: FakeIndex = { primaryKey, createdAt: new Date().toISOString(), settings: {}, documents: new Map() };
    this.indexes.set(uid, index);
    return index;
  }

  private indexOrCreate(uid: string): FakeIndex {
    return this.indexes.get(uid) ?? this.createIndex(uid, null);
  }

  private existingIndex(uid: string, hidden = false): FakeIndex {
    const index = this.indexes.get(uid);
    if (!index || hidden) throw new FakeError(404, responseError('index_not_found', `Index \`${uid}\` not found.`));
    return index;
  }

  /** Applies the change at once (or records why it fails); GET /tasks reports it processing, then done. */
  private enqueue(indexUid: string, type: TaskType, apply: () => void): Reply {
    let error = this.nextTaskError;
    this.nextTaskError = null;
    if (!error) {
      try {
        apply();
      } catch (thrown) {
        if (!(thrown instanceof FakeError)) throw thrown;
        error = thrown.error;
      }
    }
    const task: FakeTask = { uid: this.tasks.length, indexUid, type, enqueuedAt: new Date().toISOString(), error, polls: 0 };
    this.tasks.push(task);
    return { status: 202, body: { taskUid: task.uid, indexUid, status: 'enqueued', type, enqueuedAt: task.enqueuedAt } };
  }

  private taskView(uid: number): Reply {
    const task = this.tasks[uid];
    if (!task) throw new FakeError(404, responseError('task_not_found', `Task \`${uid}\` not found.`));
    task.polls += 1;
    const finished = task.polls > 1;
    const status = !finished ? 'processing' : task.error ? 'failed' : 'succeeded';
    // No `details`: the description's DetailsView is an allOf with Settings_Unchecked (which denies
    // other fields), so it rejects the counters real document tasks carry; the engine does not read them.
    return {
      status: 200,
      body: {
        uid: task.uid,
        batchUid: task.uid,
        indexUid: task.indexUid,
        status,
        type: task.type,
        canceledBy: null,
        error: status === 'failed' ? task.error : null,
        duration: finished ? 'PT0.001S' : null,
        enqueuedAt: task.enqueuedAt,
        startedAt: task.enqueuedAt,
        ...(finished ? { finishedAt: new Date().toISOString() } : {}),
      },
    };
  }

  /** Any query word in a searchable field matches; ranked by popularity; highlights with the requested tags. */
  private search(query: Json): Json {
    const indexUid = query.indexUid as string;
    const index = this.existingIndex(indexUid);
    const q = (query.q as string | undefined) ?? '';
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const searchable = (index.settings.searchableAttributes as string[] | undefined) ?? ['*'];
    const filters = parseFilter(query.filter);
    const matches = [...index.documents.values()]
      .filter((document) =>
        filters.every(([attribute, values]) => {
          const field = document[attribute];
          return values.some((value) => (Array.isArray(field) ? field.includes(value) : field === value));
        }),
      )
      .filter((document) => {
        const text = Object.entries(document)
          .filter(([field]) => searchable.includes('*') || searchable.includes(field))
          .map(([, value]) => JSON.stringify(value).toLowerCase())
          .join(' ');
        return words.length === 0 || words.some((word) => text.includes(word));
      })
      .sort((a, b) => Number(b.popularity) - Number(a.popularity));

    const limit = (query.limit as number | undefined) ?? 20;
    const offset = (query.offset as number | undefined) ?? 0;
    const retrieve = (query.attributesToRetrieve as string[] | undefined) ?? ['*'];
    const toHighlight = (query.attributesToHighlight as string[] | undefined) ?? [];
    const toCrop = (query.attributesToCrop as string[] | undefined) ?? [];
    const hits = matches.slice(offset, offset + limit).map((document) => {
      const hit = Object.fromEntries(Object.entries(document).filter(([field]) => retrieve.includes('*') || retrieve.includes(field)));
      if (toHighlight.length === 0 && toCrop.length === 0) return hit;
      const formatted: Json = { ...hit };
      for (const field of new Set([...toHighlight, ...toCrop])) {
        let value = String(document[field] ?? '');
        if (toCrop.includes(field)) value = crop(value, words, (query.cropLength as number | undefined) ?? 10, (query.cropMarker as string | undefined) ?? '…');
        if (toHighlight.includes(field))
          value = highlight(value, words, (query.highlightPreTag as string | undefined) ?? '<em>', (query.highlightPostTag as string | undefined) ?? '</em>');
        formatted[field] = value;
      }
      return { ...hit, _formatted: formatted };
    });
    const facets = query.facets as string[] | undefined;
    return {
      indexUid,
      hits,
      query: q,
      processingTimeMs: 0,
      limit,
      offset,
      estimatedTotalHits: matches.length,
      ...(facets && {
        facetDistribution: Object.fromEntries(facets.map((facet) => [facet, countBy(matches, facet)])),
        facetStats: {},
      }),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The engine against the fake

function doc(partial: Partial<SearchDocument> & Pick<SearchDocument, 'id' | 'title' | 'text'>): SearchDocument {
  return {
    type: 'article',
    url: `/help/x/${partial.id}`,
    tags: [],
    category: '',
    status: 'published',
    popularity: 1,
    updated: Date.UTC(2026, 0, 1),
    ...partial,
  };
}

const sampleDocuments: SearchDocument[] = [
  doc({
    id: 'article-invoices',
    title: 'Download invoices & receipts',
    text: 'Open Billing and download any invoice as a PDF.',
    tags: ['billing'],
    popularity: 5,
  }),
  doc({
    id: 'question-8',
    type: 'question',
    title: 'Old invoices look odd',
    text: 'Our old tool printed <script>alert(1)</script> on every invoice.',
    tags: ['billing', 'say "hi" \\ there'],
    status: 'open',
  }),
  doc({
    id: 'known_issue-3',
    type: 'known_issue',
    title: 'Invoice emails delayed',
    text: 'Invoice emails arrive up to an hour late.',
    tags: ['email'],
    status: 'identified',
    severity: 'major',
  }),
];

/** "METHOD /path" of each exchange, leaving out task polling. */
function operations(exchanges: Exchange[]): string[] {
  return exchanges.filter((e) => !e.path.startsWith('/tasks/')).map((e) => `${e.method} ${e.path}`);
}

function bodyOf(exchanges: Exchange[], operation: string): Json {
  const exchange = exchanges.find((e) => `${e.method} ${e.path}` === operation);
  expect(exchange, operation).toBeDefined();
  return exchange!.body as Json;
}

function searchQueries(exchanges: Exchange[]): Json[] {
  return (bodyOf(exchanges, 'POST /multi-search') as { queries: Json[] }).queries;
}

/** Every task the engine was given was polled until Meilisearch reported it done. */
function expectTasksAwaited(exchanges: Exchange[]): void {
  const enqueued = exchanges.map((e) => (e.response as { taskUid?: number } | undefined)?.taskUid).filter((uid) => uid !== undefined);
  expect(enqueued.length).toBeGreaterThan(0);
  for (const uid of enqueued) {
    const polls = exchanges.filter((e) => e.path === `/tasks/${uid}`).map((e) => (e.response as { status: string }).status);
    expect(polls.at(-1), `task ${uid}`).toMatch(/^(succeeded|failed)$/);
  }
}

const operationsSeen = new Set<string>();

describe('Meilisearch engine requests against the published API description (v1.15.2)', () => {
  let fake: FakeMeilisearch;
  let engine: SearchEngine;

  beforeEach(async () => {
    fake = new FakeMeilisearch();
    await fake.start();
    engine = createMeilisearchEngine({ url: fake.url, apiKey: 'test-key' });
  });
  afterEach(() => fake.stop());

  /** What `run` returned and the exchanges it caused, once those are checked against the description. */
  async function exchangesOf<T>(run: () => Promise<T>): Promise<[Exchange[], T]> {
    fake.takeExchanges();
    const value = await run();
    const exchanges = fake.takeExchanges();
    expectConformant(exchanges);
    for (const exchange of exchanges)
      operationsSeen.add(spec.paths[findRoute(exchange.path)!.specPath]![exchange.method.toLowerCase() as HttpMethod]!.operationId);
    return [exchanges, value];
  }

  it('setup creates a missing index with primary key id, then sends all our settings in one PATCH', async () => {
    const [exchanges] = await exchangesOf(() => engine.setup());
    expect(operations(exchanges)).toEqual(['GET /indexes/hearth', 'POST /indexes', 'PATCH /indexes/hearth/settings']);
    expect(bodyOf(exchanges, 'POST /indexes')).toEqual({ uid: 'hearth', primaryKey: 'id' });
    expect(bodyOf(exchanges, 'PATCH /indexes/hearth/settings')).toEqual({
      searchableAttributes: [...searchableAttributes],
      filterableAttributes: [...filterableAttributes],
      sortableAttributes: [...sortableAttributes],
      rankingRules: [...rankingRules],
      synonyms: {},
      stopWords: [],
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: minWordSizeForTypos.oneTypo, twoTypos: minWordSizeForTypos.twoTypos } },
      pagination: { maxTotalHits },
    });
    expect(exchanges.every((e) => e.authorization === 'Bearer test-key')).toBe(true);
    expectTasksAwaited(exchanges);
    expect(fake.indexes.get('hearth')).toMatchObject({ primaryKey: 'id', settings: { rankingRules: expect.arrayContaining(['popularity:desc']) } });
  });

  it('setup on an existing index only updates the settings', async () => {
    await engine.setup();
    const [exchanges] = await exchangesOf(() => engine.setup());
    expect(operations(exchanges)).toEqual(['GET /indexes/hearth', 'PATCH /indexes/hearth/settings']);
  });

  it('setup tolerates another process creating the index first (index_already_exists)', async () => {
    await engine.setup();
    fake.loseNextIndexCreationRace();
    const [exchanges] = await exchangesOf(() => engine.setup());
    expect(operations(exchanges)).toEqual(['GET /indexes/hearth', 'POST /indexes', 'PATCH /indexes/hearth/settings']);
    const creation = exchanges
      .filter((e) => e.path.startsWith('/tasks/'))
      .map((e) => e.response as { type: string; status: string; error: { code: string } | null });
    expect(creation).toContainEqual(
      expect.objectContaining({ type: 'indexCreation', status: 'failed', error: expect.objectContaining({ code: 'index_already_exists' }) }),
    );
  });

  it("throws Meilisearch's error message when a task fails", async () => {
    await engine.setup();
    fake.failNextTask('invalid_settings_ranking_rules', '`popularity:desc` ranking rule is invalid.');
    await exchangesOf(() => expect(engine.setup()).rejects.toThrow('`popularity:desc` ranking rule is invalid.'));
    fake.failNextTask('index_not_found', 'Index `hearth` not found.');
    await exchangesOf(() => expect(engine.upsert(sampleDocuments)).rejects.toThrow('Index `hearth` not found.'));
  });

  it('upsert sends the documents with their analysed fields and boost, with primaryKey=id, and waits for the task', async () => {
    await engine.setup();
    const [exchanges] = await exchangesOf(() => engine.upsert(sampleDocuments));
    expect(operations(exchanges)).toEqual(['POST /indexes/hearth/documents']);
    expect(exchanges[0]!.query).toEqual([['primaryKey', 'id']]);
    expect(exchanges[0]!.body).toEqual(sampleDocuments.map(meilisearchDocument));
    expect(exchanges[0]!.body).toContainEqual(
      expect.objectContaining({ id: 'article-invoices', title_terms: 'download invoic receipt invoic', boost: 2, words: expect.stringContaining('receipts') }),
    );
    expectTasksAwaited(exchanges);
    expect(await engine.count()).toBe(sampleDocuments.length);
  });

  it('remove deletes by ids (and sends nothing for an empty list); clear deletes every document', async () => {
    await engine.setup();
    await engine.upsert(sampleDocuments);
    const [removal] = await exchangesOf(() => engine.remove(['question-8', 'question-unknown']));
    expect(operations(removal)).toEqual(['POST /indexes/hearth/documents/delete-batch']);
    expect(removal[0]!.body).toEqual(['question-8', 'question-unknown']);
    expectTasksAwaited(removal);

    fake.takeExchanges();
    await engine.remove([]);
    await engine.upsert([]);
    expect(fake.takeExchanges()).toEqual([]);

    const [clearing] = await exchangesOf(() => engine.clear());
    expect(operations(clearing)).toEqual(['DELETE /indexes/hearth/documents']);
    expectTasksAwaited(clearing);
    expect(fake.indexes.get('hearth')!.documents.size).toBe(0);
  });

  it('count reads the index stats', async () => {
    await engine.setup();
    await engine.upsert(sampleDocuments);
    const [exchanges, count] = await exchangesOf(() => engine.count());
    expect(operations(exchanges)).toEqual(['GET /indexes/hearth/stats']);
    expect(count).toBe(3);
  });

  it('search sends one multi-search of the analysed query: highlighted hits, and per-type counts without the type filter', async () => {
    await engine.setup();
    await engine.upsert(sampleDocuments);
    const [exchanges, result] = await exchangesOf(() => engine.search({ q: 'How do I get my invoices?' }));
    expect(operations(exchanges)).toEqual(['POST /multi-search']);
    const [hitsQuery, countsQuery] = searchQueries(exchanges);
    expect(hitsQuery).toEqual({
      indexUid: 'hearth',
      q: 'invoic',
      matchingStrategy: 'last',
      limit: 10,
      offset: 0,
      attributesToRetrieve: ['id', 'type', 'title', 'text', 'url', 'tags', 'category', 'status', 'severity', 'words'],
      showMatchesPosition: true,
    });
    expect(countsQuery).toEqual({ indexUid: 'hearth', q: 'invoic', matchingStrategy: 'last', limit: 0, facets: ['type'] });
    expect(result.hits.map((h) => h.id)).toEqual(['article-invoices', 'question-8', 'known_issue-3']);
    expect(result.hits[0]).toEqual({
      id: 'article-invoices',
      type: 'article',
      title: 'Download invoices & receipts',
      url: '/help/x/article-invoices',
      snippet: 'Open <mark>Billing</mark> and download any <mark>invoice</mark> as a PDF.',
      titleHtml: 'Download <mark>invoices</mark> &amp; <mark>receipts</mark>',
      tags: ['billing'],
      category: '',
      status: 'published',
    });
    expect(result).toMatchObject({ total: 3, typeCounts: { article: 1, question: 1, known_issue: 1 }, typoFallback: false });
  });

  it('search filters by type and tags with safely quoted values; counts ignore only the type filter', async () => {
    await engine.setup();
    await engine.upsert(sampleDocuments);
    const [exchanges, result] = await exchangesOf(() => engine.search({ q: 'invoice', type: 'question', tags: ['billing', 'say "hi" \\ there'] }));
    const [hitsQuery, countsQuery] = searchQueries(exchanges);
    expect(hitsQuery!.filter).toBe('type = "question" AND tags = "billing" AND tags = "say \\"hi\\" \\\\ there"');
    expect(countsQuery!.filter).toBe('tags = "billing" AND tags = "say \\"hi\\" \\\\ there"');
    expect(result.hits.map((h) => h.id)).toEqual(['question-8']);
    expect(result).toMatchObject({ total: 1, typeCounts: { article: 0, question: 1, known_issue: 0 } });

    const [typeOnly, articles] = await exchangesOf(() => engine.search({ q: 'invoice', type: 'article' }));
    expect(searchQueries(typeOnly)[0]!.filter).toBe('type = "article"');
    expect(searchQueries(typeOnly)[1]).not.toHaveProperty('filter');
    expect(articles).toMatchObject({ total: 1, typeCounts: { article: 1, question: 1, known_issue: 1 } });
  });

  it('search filters by status and severity (any of the values) in the hits and the counts, and stores the severity', async () => {
    await engine.setup();
    const [writes] = await exchangesOf(() => engine.upsert(sampleDocuments));
    const stored = bodyOf(writes, 'POST /indexes/hearth/documents') as unknown as Array<Record<string, unknown>>;
    expect(stored.map((d) => [d.id, d.severity, d.boost])).toEqual([
      ['article-invoices', '', 2],
      ['question-8', '', 0],
      ['known_issue-3', 'major', 2],
    ]);
    const [exchanges, result] = await exchangesOf(() =>
      engine.search({ q: 'invoice', type: 'known_issue', status: ['identified', 'fixing'], severity: ['major', 'say "hi"'] }),
    );
    const [hitsQuery, countsQuery] = searchQueries(exchanges);
    expect(hitsQuery!.filter).toBe('type = "known_issue" AND status IN ["identified", "fixing"] AND severity IN ["major", "say \\"hi\\""]');
    expect(countsQuery!.filter).toBe('status IN ["identified", "fixing"] AND severity IN ["major", "say \\"hi\\""]');
    expect(result.hits.map((h) => [h.id, h.status, h.severity])).toEqual([['known_issue-3', 'identified', 'major']]);
    expect(result).toMatchObject({ total: 1, typeCounts: { article: 0, question: 0, known_issue: 1 } });
    const [fixedOnly, none] = await exchangesOf(() => engine.search({ q: 'invoice', status: ['fixed'] }));
    expect(searchQueries(fixedOnly)[0]!.filter).toBe('status IN ["fixed"]');
    expect(none.total).toBe(0);
  });

  it('search sends at most 50 as limit, only whole non-negative paging, and nothing for a blank query', async () => {
    await engine.setup();
    const [exchanges] = await exchangesOf(() => engine.search({ q: 'invoice', limit: 500, offset: -3 }));
    expect(searchQueries(exchanges)[0]).toMatchObject({ limit: 50, offset: 0 });
    const [notNumbers] = await exchangesOf(() => engine.search({ q: 'invoice', limit: Number.NaN, offset: Number.POSITIVE_INFINITY }));
    expect(searchQueries(notNumbers)[0]).toMatchObject({ limit: 10, offset: 0 });

    fake.takeExchanges();
    expect(await engine.search({ q: '   ' })).toEqual({
      hits: [],
      total: 0,
      totalCapped: false,
      typeCounts: { article: 0, question: 0, known_issue: 0 },
      typoFallback: false,
    });
    expect(await engine.search({ q: '?!' })).toMatchObject({ hits: [], total: 0 });
    expect(fake.takeExchanges()).toEqual([]);
  });

  it('snippets are safe HTML: document text is escaped, only matches become <mark>', async () => {
    await engine.setup();
    await engine.upsert(sampleDocuments);
    const { hits } = await engine.search({ q: 'alert', type: 'question' });
    expect(hits[0]!.snippet).toBe('Our old tool printed &lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; on every invoice.');
    expect(hits[0]!.snippet).not.toMatch(/<script/i);
    expect(hits[0]!.titleHtml).toBe('Old invoices look odd');
  });

  it('isHealthy asks /health', async () => {
    const [exchanges, healthy] = await exchangesOf(() => engine.isHealthy());
    expect(operations(exchanges)).toEqual(['GET /health']);
    expect(healthy).toBe(true);
  });

  it('covered every operation the engine uses', () => {
    expect([...operationsSeen].sort()).toEqual([
      'clear_all_documents',
      'create_index',
      'delete_documents_batch',
      'get_health',
      'get_index',
      'get_index_stats',
      'get_task',
      'multi_search_with_post',
      'replace_documents',
      'update_all',
    ]);
  });
});

describe('Meilisearch engine when the server cannot be reached', () => {
  it('reports SearchEngineUnavailableError and isHealthy() === false', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const engine = createMeilisearchEngine({ url: `http://127.0.0.1:${port}` });

    expect(await engine.isHealthy()).toBe(false);
    for (const call of [() => engine.search({ q: 'invoice' }), () => engine.setup(), () => engine.upsert(sampleDocuments), () => engine.count()]) {
      await expect(call()).rejects.toBeInstanceOf(SearchEngineUnavailableError);
    }
  });
});

describe('the conformance check itself (negative control)', () => {
  const valid: Exchange = {
    method: 'PATCH',
    path: '/indexes/hearth/settings',
    query: [],
    contentType: 'application/json',
    authorization: 'Bearer k',
    body: { rankingRules: ['words'] },
    status: 202,
    response: { taskUid: 1, indexUid: 'hearth', status: 'enqueued', type: 'settingsUpdate', enqueuedAt: '2026-01-01T00:00:00Z' },
  };

  it('accepts a well-formed request', () => {
    expect(specViolations(valid)).toEqual([]);
  });

  it.each<[string, Partial<Exchange>, RegExp]>([
    ['a settings field of the wrong type', { body: { rankingRules: 'words' } }, /request body \/rankingRules must be array,null/],
    ['an unknown settings field', { body: { rankingRule: ['words'] } }, /must NOT have additional properties/],
    ['bad typo tolerance sizes', { body: { typoTolerance: { minWordSizeForTypos: { oneTypo: -1 } } } }, /oneTypo/],
    ['an undeclared query parameter', { query: [['wait', 'true']] }, /query parameter "wait" is not declared/],
    ['a missing API key', { authorization: undefined }, /Authorization: Bearer/],
    ['a method the path does not define', { method: 'PUT' }, /PUT is not defined for \/indexes\/\{indexUid\}\/settings/],
    ['a path the description does not have', { path: '/indexes/hearth/setting' }, /no path of the description matches/],
    ['a non-JSON body', { contentType: 'text/plain' }, /content type "text\/plain"/],
    [
      'a misspelt search parameter',
      { method: 'POST', path: '/multi-search', body: { queries: [{ indexUid: 'hearth', q: 'x', highlightTag: '<b>' }] } },
      /additional properties/,
    ],
    ['a search without index', { method: 'POST', path: '/multi-search', body: { queries: [{ q: 'x' }] } }, /must have required property 'indexUid'/],
    ['a response the fake should not give', { response: { taskUid: 'one' } }, /the fake's response/],
  ])('rejects %s', (_, change, expected) => {
    const problems = specViolations({ ...valid, ...change });
    expect(problems.join('\n')).toMatch(expected);
  });
});
