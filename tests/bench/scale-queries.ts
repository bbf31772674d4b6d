// The queries `npm run bench:scale` rotates over: at least 1,000 distinct
// searches as customers type them, built deterministically from vocabularies:
// broad single words, two-word phrases, customer sentences and questions,
// one- and two-letter typos (transpositions included), error messages, and
// Traditional, Simplified and mixed Chinese. The same list on every run.
import { createRandom } from '@db/seed/random';

const words = [
  'calendar',
  'sync',
  'export',
  'pdf',
  'markdown',
  'invoice',
  'billing',
  'refund',
  'subscription',
  'plan',
  'password',
  '2fa',
  'sso',
  'login',
  'android',
  'iphone',
  'offline',
  'slack',
  'zapier',
  'webhook',
  'api',
  'token',
  'template',
  'share',
  'guest',
  'permissions',
  'import',
  'evernote',
  'notion',
  'slow',
  'trash',
  'restore',
  'outlook',
  'google',
  'icloud',
  'receipt',
  'vat',
  'widget',
  'scanner',
  'notifications',
  'workspace',
  'notebook',
  'backup',
  'history',
  'duplicate',
  'timezone',
  'mobile',
  'desktop',
  'search',
  'cancel',
  'images',
  'attachments',
  'okta',
  'saml',
];

const phrases = [
  'google calendar',
  'outlook calendar',
  'icloud calendar',
  'calendar sync',
  'export pdf',
  'export markdown',
  'pdf images',
  'invoice address',
  'double charge',
  'annual plan',
  'cancel subscription',
  'reset password',
  'two factor',
  'backup codes',
  'sso okta',
  'android crash',
  'iphone widget',
  'offline mode',
  'sync conflict',
  'slack channel',
  'zapier zap',
  'webhook signature',
  'api token',
  'rate limit',
  'meeting template',
  'share notebook',
  'guest access',
  'evernote import',
  'notion import',
  'app slow',
  'restore note',
  'empty trash',
  'version history',
  'time zone',
  'push notifications',
  'vat number',
  'team plan',
  'free plan',
  'billing email',
  'read only',
];
const modifiers = ['google', 'outlook', 'shared', 'team', 'mobile', 'desktop', 'recurring', 'large', 'private', 'old'];
const nouns = ['calendar', 'export', 'invoice', 'notebook', 'template', 'sync', 'notes', 'events', 'account', 'workspace'];

const subjects = [
  'google calendar',
  'outlook calendar',
  'icloud calendar',
  'the calendar',
  'my export',
  'the pdf export',
  'the android app',
  'the iphone app',
  'slack integration',
  'zapier',
  'the webhook',
  'sso login',
  '2fa',
  'the editor',
  'search',
  'offline mode',
  'the import',
  'my invoice',
  'password reset email',
  'the widget',
];
const problems = [
  'not syncing',
  'not working',
  'stopped working',
  'keeps crashing',
  'is really slow',
  'shows an error',
  'never arrived',
  'is missing',
  'not loading',
  'broken after update',
  'stopped syncing',
  'not showing up',
];
const tasks = [
  'export to pdf',
  'export a notebook',
  'connect google calendar',
  'connect outlook',
  'cancel my subscription',
  'change my plan',
  'get a refund',
  'download invoices',
  'reset my password',
  'turn on 2fa',
  'set up sso',
  'add a guest',
  'share a note',
  'restore a deleted note',
  'empty the trash',
  'import from evernote',
  'import from notion',
  'create an api token',
  'post notes to slack',
  'use templates',
  'work offline',
  'change the time zone',
  'add our vat number',
  'remove a member',
  'scan a receipt',
  'turn off notifications',
  'sync a shared calendar',
  'stop duplicate meeting notes',
  'export with images',
  'change billing email',
];
const askers = ['how do i', 'how to', 'can i', 'is it possible to', 'where can i', 'i want to', 'help me'];
const sentences = [
  'i was charged twice',
  'cancel my subscription',
  'i forgot my password',
  'app is really slow',
  'export never arrived',
  'my google calendar sync stopped working',
  'google calendar not syncing',
  'i cannot log in',
  'lost my phone with 2fa',
  'where is my invoice',
  'the receipt has the wrong address',
  'notes disappeared after going offline',
  'why am i billed for removed members',
  'events show an hour late',
  'calendar shows wrong time zone',
  'my colleague deleted a notebook',
  'slack posts every note twice',
  'webhook returns empty payload',
  'the pdf has no images',
  'evernote import stuck at 40 percent',
  'cannot find shared template',
  'guest can edit my notes',
  'share link expired',
  'app drains my battery',
  'search is very slow',
  'desktop app uses too much memory',
];
const errors = [
  '401 unauthorized',
  'error 401',
  'token expired',
  'export could not be completed',
  'your account is not part of this organisation',
  'you do not have access',
  'waiting for network',
  'rate limit exceeded',
  'retry-after header',
  'x-fieldnote-signature',
];
const zhTerms = [
  '匯出筆記',
  '导出笔记',
  '日曆同步',
  '日历同步',
  '帳單',
  '账单',
  '發票',
  '发票',
  '帳單與發票',
  '账单与发票',
  '雙重驗證',
  '双重验证',
  '離線模式',
  '离线模式',
  '共用筆記本',
  '共享笔记本',
  '範本',
  '模板',
  '垃圾桶',
  '回收站',
  '登入',
  '登录',
  '密碼',
  '密码',
  '手機',
  '手机',
  '匯出 PDF',
  '导出 PDF',
  '訪客權限',
  '访客权限',
];
const zhProblems = ['無法同步', '无法同步', '收不到', '不見了', '不见了', '怎麼辦', '怎么办', '失敗', '失败', '很慢'];
const mixed = [
  'Google 日曆',
  'Google 日历',
  'Outlook 日曆',
  'PDF 匯出',
  'PDF 导出',
  'Slack 通知',
  'SSO 登入',
  'SSO 登录',
  'API 權杖',
  'iPhone 閃退',
  'Android 闪退',
];

/** One typo of a word: a swap of two neighbours, a letter dropped, doubled or replaced (deterministic per variant). */
function typo(word: string, variant: number): string {
  const i = 1 + (variant % Math.max(1, word.length - 2));
  switch (variant % 4) {
    case 0:
      return word.slice(0, i) + word[i + 1]! + word[i]! + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i]! + word.slice(i);
    default:
      return word.slice(0, i) + (word[i] === 'e' ? 'a' : 'e') + word.slice(i + 1);
  }
}

export function benchQueries(minimum = 1_000): string[] {
  const out = new Set<string>([...words, ...phrases, ...sentences, ...errors, ...zhTerms, ...mixed]);
  for (const m of modifiers) for (const n of nouns) if (m !== n) out.add(`${m} ${n}`);
  for (const s of subjects) for (const p of problems) out.add(`${s} ${p}`);
  for (const a of askers) for (const t of tasks) out.add(`${a} ${t}`);
  for (const [i, w] of words.filter((w) => w.length >= 5).entries()) for (let v = 0; v < 4; v++) out.add(typo(w, i + v));
  for (const [i, p] of phrases.entries()) {
    const [first, second] = p.split(' ');
    if (first && second && second.length >= 5) out.add(`${first} ${typo(second, i)}`);
    if (first && second && first.length >= 5) out.add(`${typo(first, i + 1)} ${second}`);
  }
  out.add('exprot pdf');
  out.add('invocie');
  for (const term of zhTerms) for (const p of zhProblems) out.add(`${term}${p}`);
  for (const m of mixed) for (const p of zhProblems.slice(0, 4)) out.add(`${m} ${p}`);
  const list = [...out];
  // A fixed shuffle, so consecutive requests are not all of one kind.
  const random = createRandom(4242);
  for (let i = list.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  if (list.length < minimum) throw new Error(`Only ${list.length} distinct benchmark queries; the benchmark needs ${minimum}.`);
  return list;
}
