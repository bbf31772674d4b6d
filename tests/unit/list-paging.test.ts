import { describe, expect, it } from 'vitest';
import { approximateCount, cursorToParam, DAMAGED_LINK, listHref, parseListParams } from '@/web/list-paging';

describe('approximateCount', () => {
  it('is exact below a thousand, then rounds down to one decimal or to whole thousands and millions', () => {
    expect([0, 1, 999, 1000, 4249, 4299, 9999, 12_345, 999_999, 1_250_000, 12_500_000].map(approximateCount)).toEqual([
      '0',
      '1',
      '999',
      '1k',
      '4.2k',
      '4.2k',
      '9.9k',
      '12k',
      '999k',
      '1.2M',
      '12M',
    ]);
  });
});

describe('parseListParams', () => {
  const parse = (query: string) => parseListParams(new URLSearchParams(query));

  it('reads the tab and one cursor, and falls back to the newest tab', () => {
    expect(parse('tab=votes&after=-3_120')).toEqual({ ok: true, tab: 'votes', after: { key: -3, id: 120 }, before: undefined, oldPage: undefined });
    expect(parse('before=1733050000000_7')).toMatchObject({ ok: true, tab: 'newest', before: { key: 1733050000000, id: 7 } });
    expect(parse('tab=nonsense')).toMatchObject({ ok: true, tab: 'newest' });
  });

  it('refuses damaged cursors and two cursors at once, keeping the tab for the way back', () => {
    for (const query of ['after=', 'after=12', 'after=a_b', 'after=1.5_2', 'before=1_2_3', 'after=1_2&before=3_4']) {
      expect(parse(`tab=active&${query}`), query).toEqual({ ok: false, tab: 'active', message: DAMAGED_LINK });
    }
  });

  it('turns old page numbers into a number, and anything else into the first page', () => {
    expect(parse('page=7').ok && parse('page=7')).toMatchObject({ oldPage: 7 });
    for (const page of ['0', '-1', 'x', '1e3', '']) expect(parse(`page=${page}`), page).toMatchObject({ ok: true, oldPage: 1 });
  });
});

describe('listHref', () => {
  it('writes the tab (unless newest) and at most one cursor', () => {
    expect(listHref('/community', 'newest')).toBe('/community');
    expect(listHref('/community', 'votes', { after: { key: 0, id: 9 } })).toBe('/community?tab=votes&after=0_9');
    expect(listHref('/community/tags/sync', 'newest', { before: { key: 5, id: 1 }, after: null })).toBe('/community/tags/sync?before=5_1');
    expect(cursorToParam({ key: -2, id: 40 })).toBe('-2_40');
  });
});
