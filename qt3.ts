import SQLite from 'better-sqlite3';
const s = new SQLite('/tmp/scale.db', { readonly: true });
function t(label: string, sqlText: string, ...args: unknown[]) {
  const st = s.prepare(sqlText);
  st.all(...args);
  const t0 = performance.now();
  let r: unknown[] = [];
  for (let i = 0; i < 5; i++) r = st.all(...args);
  console.log(`${((performance.now() - t0) / 5).toFixed(2)} ms  ${label}  rows=${r.length} ${JSON.stringify(r[0] ?? null).slice(0, 60)}`);
}
const m = `"calendar"`;
t('count', `select count(*) n from (select rowid from search_fts where search_fts match ? limit 1001)`, m);
t('count q range', `select count(*) n from (select rowid from search_fts where search_fts match ? and rowid between 1e12 and 2e12-1 limit 1001)`, m);
t('count a range', `select count(*) n from (select rowid from search_fts where search_fts match ? and rowid between 0 and 1e12-1 limit 1001)`, m);
t('count k range', `select count(*) n from (select rowid from search_fts where search_fts match ? and rowid between 2e12 and 3e12-1 limit 1001)`, m);
t('recent', `select rowid from search_fts where search_fts match ? order by rowid desc limit 150`, m);
t('articles', `select rowid from search_fts where search_fts match ? and rowid between 0 and 1e12-1 limit 1000`, m);
t('data_version', `pragma data_version`);
const ids = (s.prepare(`select rowid from search_fts where search_fts match ? order by rowid desc limit 150`).all(m) as {rowid:number}[]).map(r=>r.rowid % 1e12);
t('info', `select seq,type,status,title,popularity from search_documents where seq in (${ids.join(',')})`);
t('docs5', `select * from search_documents where seq in (${ids.slice(0,5).join(',')})`);
