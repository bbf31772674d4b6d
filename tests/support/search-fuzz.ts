// Hostile search-box input: FTS5 query syntax, control characters, lone
// surrogates, very long text, plus seeded random mixes of them. Used through
// the engine (search-fuzz.test.ts) and through HTTP (search-http.test.ts).
import { createRandom } from '@db/seed/random';

export const hostileQueries: string[] = [
  '"', '""', '"export', 'export"', "'", "can't", '`', 'NEAR(', 'NEAR(export notes, 2)', 'NEAR(export', 'NEAR/2',
  '*', '**', 'export*', '*export', 'ex*port', '^', '^export', 'title:', 'title:export', 'body:"x"', '{title tags}: export', ':', '-', '-export', '--', '+export',
  'AND', 'OR', 'NOT', 'and', 'export AND', 'AND OR NOT', 'NOT export', 'export NOT', 'export OR', '(', ')', '((export', 'export)', '(a OR b', ')(', '()',
  '\u0000', 'export\u0000notes', '\u0001\u0002', '\u0007\b\t\n\r', '\u001b[31mred', '\u007f', '\u0085', '\u200b', '\u200e', '\ufeff', '\ufffd', '\uffff',
  '\ud800', '\udfff', 'export\ud800', '\udc00export', '\ud83d', '😀', '😀export', 'é', 'e\u0301', 'ǅ', 'ß', 'ﬁ', 'ⅫⅫ', '①②',
  'x'.repeat(200), 'x'.repeat(5000), 'export '.repeat(100), '日'.repeat(300), '日', '同步 "日曆" NEAR(', 'a'.repeat(60), 'calenderxxxxxxxxxxx',
  '{', '}', '[', ']', '\\', '\\"', '%', '%00', '_', '+', '&', '#', '?', '/', '<script>alert(1)</script>', '<mark>x</mark>', "'; drop table search_documents; --", '0', '-1', '1e309',
];

const pieces = ['"', "'", '(', ')', '*', '^', ':', '-', '+', ' AND ', ' OR ', ' NOT ', 'NEAR(', ',', '\u0000', '\u0007', '\u001b', '\ud800', '\udfff', '😀', '日曆', 'export', 'notes', 'calendar', 'é', ' ', '  ', '\t', '\n', '\\', '{', '}', '%', '<', '>', '&'];

/** `count` random mixes of hostile pieces, the same on every run. */
export function randomHostileQueries(count: number, seed = 20261201): string[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: random.int(1, 12) }, () => random.pick(pieces)).join(''));
}

