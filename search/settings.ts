// Index settings shared by both engines: what is searched, filtered and how
// results are ranked, and the synonyms customers actually type.

export const INDEX_NAME = 'hearth';

export const searchableAttributes = ['title', 'tags', 'text'] as const;
export const filterableAttributes = ['type', 'tags', 'category', 'status'] as const;
export const sortableAttributes = ['popularity', 'updated'] as const;

/** Meilisearch ranking: relevance rules first, then popularity as the tie-breaker. */
export const rankingRules = ['words', 'typo', 'proximity', 'attribute', 'exactness', 'popularity:desc'] as const;

/**
 * Typo tolerance, one setting for both engines (Meilisearch's defaults): a
 * word may have one typo from 5 letters and two from 9. Shorter words must be
 * exact: one typo in "sync" or "note" would match too many other words.
 */
export const minWordSizeForTypos = { oneTypo: 5, twoTypos: 9 } as const;

/** Groups of words that mean the same thing to our customers. */
export const synonymGroups: string[][] = [
  ['sign in', 'log in', 'login', 'signin'],
  ['sign up', 'register', 'signup', 'create account'],
  ['2fa', 'two-factor', 'mfa', 'two factor'],
  ['sso', 'single sign-on', 'saml'],
  ['delete', 'remove'],
  ['export', 'download', 'backup'],
  ['invoice', 'receipt', 'bill'],
  ['cancel', 'unsubscribe'],
  ['calendar', 'agenda'],
  ['outlook', 'microsoft 365', 'office 365'],
  ['notebook', 'folder'],
  ['workspace', 'team'],
  ['phone', 'mobile', 'iphone', 'android'],
  ['password', 'passcode'],
  ['bug', 'error', 'problem'],
  ['日曆', '行事曆', '日历'],
  ['匯出', '导出', '輸出'],
];

/** Meilisearch's synonyms setting: every word of a group maps to the others. */
export function synonymMap(): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const group of synonymGroups) {
    for (const word of group) map[word] = group.filter((other) => other !== word);
  }
  return map;
}
