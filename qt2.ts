import SQLite from 'better-sqlite3';
const s = new SQLite('/tmp/scale.db', { readonly: true });
const C = '{title_terms tags_terms body_terms}';
function t(label: string, sqlText: string, ...args: unknown[]) {
  const st = s.prepare(sqlText);
  st.all(...args);
  const t0 = performance.now();
  let r: unknown[] = [];
  for (let i = 0; i < 5; i++) r = st.all(...args);
  console.log(`${((performance.now() - t0) / 5).toFixed(2)} ms  ${label}  rows=${r.length} ${JSON.stringify(r[0] ?? null).slice(0, 60)}`);
}
const m1 = `${C} : "share" AND ${C} : "note"`;
const m2 = `${C} : "share" AND (${C} : "note"* OR words : "note"*)`;
t('count exact', `select count(*) n from (select rowid from search_fts where search_fts match ? limit 1001)`, m1);
t('count prefix', `select count(*) n from (select rowid from search_fts where search_fts match ? limit 1001)`, m2);
t('count full exact', `select count(*) n from search_fts where search_fts match ?`, m1);
t('count note only', `select count(*) n from search_fts where search_fts match ?`, `${C} : "note"`);
t('count note nocol', `select count(*) n from search_fts where search_fts match ?`, `"note"`);
t('kinds 1001', `select kind from search_fts where search_fts match ? limit 1001`, m1);
t('bm25 newest 1000', `select seq, score from (select rowid seq, bm25(search_fts,10,4,1,0.5,0) score from search_fts where search_fts match ? order by rowid desc limit 1000) order by score limit 60`, m1);
t('bm25 newest 200', `select seq, score from (select rowid seq, bm25(search_fts,10,4,1,0.5,0) score from search_fts where search_fts match ? order by rowid desc limit 200) order by score limit 60`, m1);
t('rowid newest 1000', `select rowid from search_fts where search_fts match ? order by rowid desc limit 1000`, m1);
t('articles', `select rowid seq, bm25(search_fts,10,4,1,0.5,0) score from search_fts where search_fts match ? order by score limit 60`, `kind : typearticle AND (${m1})`);
t('title only', `select count(*) from search_fts where search_fts match ?`, `title_terms : "share" AND title_terms : "note"`);
