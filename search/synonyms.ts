// Words that mean the same thing to our customers, one group per line. Edit
// this list to teach search your customers' words; both engines apply it the
// same way, because the analysis (search/analysis.ts) replaces every phrase of
// a group by the group's first phrase in the indexed text and in the query.
// A group's phrases are analysed like any text (lower-cased, stemmed, Chinese
// folded to Simplified), so "receipts" and "Receipt" both count as "receipt".
// Keep groups to true synonyms: every phrase of a group finds every other.
// After a change, run `npm run search:reindex` so stored documents follow.

export const synonymGroups: readonly (readonly string[])[] = [
  ['sign in', 'log in', 'login', 'signin', 'log on', 'logon'],
  ['sign out', 'log out', 'logout', 'signout'],
  ['sign up', 'signup', 'register', 'create an account', 'create account'],
  [
    'two-factor',
    '2fa',
    'mfa',
    'two factor',
    'multi-factor',
    '2-step verification',
    'two-step verification',
    'authenticator app',
    'otp',
    'one-time code',
    'one-time password',
  ],
  ['single sign-on', 'sso', 'saml'],
  ['invoice', 'receipt', 'bill'],
  ['plan', 'subscription'],
  ['cancel', 'unsubscribe'],
  ['charge', 'payment'],
  ['refund', 'money back'],
  ['outlook', 'microsoft 365', 'office 365', 'exchange'],
  ['icloud', 'apple calendar'],
  ['workspace', 'organisation', 'organization'],
  ['phone', 'mobile', 'smartphone'],
  ['password', 'passcode', 'passphrase'],
  ['slow', 'laggy', 'sluggish'],
  ['offline', 'no internet', 'without internet'],
  ['trash', 'bin', 'recycle bin', 'deleted notes'],
  ['api token', 'api key', 'access token', 'personal token'],
  ['webhook', 'web hook'],
  ['keyboard shortcut', 'shortcut', 'hotkey', 'key binding'],
  ['template', 'reusable layout', 'note layout'],
  ['teammate', 'colleague', 'coworker', 'co-worker', 'team member'],
  ['version history', 'revision history', 'revisions', 'earlier version', 'previous version'],
  ['permission', 'access rights', 'access level'],
  ['notification', 'alert'],
  ['e-mail', 'email', 'mail'],
  ['日历', '行事历'],
  ['导出', '汇出', '输出'],
  ['帐单', '账单', '帐务', '账务'],
  ['帐号', '账号', '帐户', '账户'],
  ['发票', '收据'],
  ['登录', '登入'],
  ['离线', '脱机'],
];
