// The words of the scale data (db/seed/scale.ts): titles, question bodies and
// answers about Fieldnote, built from sentence templates × per-topic
// vocabularies with the seed's deterministic random, so 50,000 questions read
// like a real forum and vary, yet the same seed always gives the same text.
// About 5 % of the posts are Chinese (Traditional and Simplified). Only the
// calendar topic says "calendar", so broad words have a known frequency.
import type { Random } from './random';

export type ScaleLang = 'en' | 'zh-Hant' | 'zh-Hans';

interface ZhWords {
  subjects: string[];
  problems: string[];
  details: string[];
  fixes: string[];
}

export interface ScaleTopic {
  key: string;
  /** Share of the questions about this topic. */
  weight: number;
  /** The first tag always; up to two of the others. */
  tag: string;
  extraTags: string[];
  /** Noun phrases that can start a sentence ("Google Calendar sync"). */
  subjects: string[];
  /** Verb phrases that follow a subject ("stopped working after …"). */
  problems: string[];
  /** What someone wants to do ("connect a shared Outlook calendar"). */
  tasks: string[];
  /** Sentences for a question body. */
  details: string[];
  /** Sentences and steps for an answer. */
  fixes: string[];
  hant?: ZhWords;
  hans?: ZhWords;
}

export const scaleTopics: ScaleTopic[] = [
  {
    key: 'calendar',
    weight: 0.2,
    tag: 'calendar-sync',
    extraTags: ['google-calendar', 'outlook', 'icloud', 'sync', 'meeting-notes'],
    subjects: [
      'Google Calendar sync',
      'My Outlook calendar',
      'The iCloud calendar connection',
      'Calendar sync with Google Workspace',
      'The shared team calendar',
      'Recurring events from my calendar',
      'The calendar integration',
      'Meeting notes created from calendar events',
      'Outlook 365 calendar sync',
      'The calendar widget',
    ],
    problems: [
      'stopped working after I changed my password',
      'shows events an hour late',
      'does not pick up new events',
      'creates duplicate meeting notes',
      'keeps asking me to reconnect the calendar',
      'only syncs the primary calendar',
      'fails with "token expired"',
      'is missing events from last week',
      'shows the wrong time zone for every calendar event',
      'stopped syncing since the last update',
    ],
    tasks: [
      'connect a second Google calendar',
      'sync a shared Outlook calendar',
      'stop the calendar from creating notes for every event',
      'reconnect iCloud calendar after changing my Apple ID password',
      'choose which calendars sync to Fieldnote',
      'fix the time zone of synced calendar events',
      'disconnect the calendar integration for one workspace',
      'get meeting notes for recurring calendar events only once',
    ],
    details: [
      'The calendar was syncing fine until Monday, and now nothing new shows up.',
      'I reconnected the calendar twice under Settings → Calendar, but the events are still missing.',
      'Only events I created myself appear; invitations from colleagues never reach Fieldnote.',
      'Our admin says the Google Workspace calendar permissions look correct.',
      'The sync status under Settings → Calendar says "Last synced 3 days ago".',
      'Every recurring meeting gets a new note each week, so the notebook fills up with copies.',
      'The events show up, but one hour later than in Outlook since the clocks changed.',
      'It happens on the web app and on my phone, so I do not think it is the browser.',
    ],
    fixes: [
      'Open **Settings → Calendar**, press *Disconnect*, then connect the calendar again and allow every permission on the consent screen.',
      'Calendar sync needs the "See and edit events" permission; if your admin restricted third-party apps, they must allow Fieldnote in the Google Admin console.',
      'Check the time zone under **Settings → Profile**: synced calendar events are shown in your profile time zone, not the computer clock.',
      'Under **Settings → Calendar → Calendars to sync** tick the shared calendars; only the primary calendar is selected by default.',
      'Turn on *One note per recurring series* in the calendar settings to stop the duplicates.',
      'After a password change the calendar token expires; reconnecting the calendar issues a new one.',
      'Outlook calendars from Exchange servers need the Microsoft 365 connector rather than the ICS link.',
    ],
    hant: {
      subjects: ['Google 日曆同步', 'Outlook 日曆', 'iCloud 日曆連線', '團隊共用日曆'],
      problems: ['突然停止同步了', '一直顯示「權杖已過期」', '的活動時間晚了一小時', '每週都建立重複的會議記錄'],
      details: [
        '我已經在「設定 → 日曆」重新連線兩次，但新的活動還是沒有出現。',
        '同事邀請的會議都不會同步到 Fieldnote。',
        '網頁版和手機上都一樣，應該不是瀏覽器的問題。',
      ],
      fixes: [
        '請到「設定 → 日曆」按「中斷連線」，再重新連線並允許所有權限。',
        '變更密碼後日曆權杖會失效，重新連線即可取得新的權杖。',
        '請確認「設定 → 個人資料」中的時區是否正確。',
      ],
    },
    hans: {
      subjects: ['Google 日历同步', 'Outlook 日历', 'iCloud 日历连接', '团队共享日历'],
      problems: ['突然停止同步了', '一直显示“令牌已过期”', '的活动时间晚了一小时', '每周都创建重复的会议记录'],
      details: [
        '我已经在“设置 → 日历”重新连接两次，但新的活动还是没有出现。',
        '同事邀请的会议都不会同步到 Fieldnote。',
        '网页版和手机上都一样，应该不是浏览器的问题。',
      ],
      fixes: [
        '请到“设置 → 日历”点“断开连接”，再重新连接并允许所有权限。',
        '修改密码后日历令牌会失效，重新连接即可获得新的令牌。',
        '请确认“设置 → 个人资料”中的时区是否正确。',
      ],
    },
  },
  {
    key: 'export',
    weight: 0.11,
    tag: 'export',
    extraTags: ['pdf', 'markdown', 'notebooks', 'bug'],
    subjects: [
      'Exporting a notebook to PDF',
      'The Markdown export',
      'PDF export of a long note',
      'The export email',
      'Exporting the whole workspace',
      'Export to Word',
      'The ZIP file from the export',
    ],
    problems: [
      'never arrives in my inbox',
      'loses all the images',
      'cuts off tables at the page edge',
      'fails with "Export could not be completed"',
      'takes more than an hour',
      'produces empty files',
      'breaks the Chinese characters',
      'does not keep the folder structure',
    ],
    tasks: [
      'export a notebook to PDF with the images',
      'export every note as Markdown',
      'export notes with their attachments',
      'schedule a weekly export of our workspace',
      'export a single note without comments',
      'export notes for our auditors',
    ],
    details: [
      'I started the export from the notebook menu and got the "We will email you" message, but nothing came.',
      'The PDF opens, but every embedded image is replaced by a grey box.',
      'We need the export for a compliance review at the end of the month.',
      'Smaller notebooks export fine; the one with 900 notes does not.',
      'I checked the spam folder and the export history under Settings → Data.',
    ],
    fixes: [
      'Large exports are prepared in the background; you will find the download under **Settings → Data → Exports** for seven days, even when the email is filtered.',
      'Choose *PDF (with images)* in the export dialog; the quick PDF leaves images out to keep the file small.',
      'Split very large notebooks into sections and export them one at a time.',
      'Markdown exports keep the folder structure when you pick *ZIP with folders*.',
      'Add exports@fieldnote.example to your allow-list so the export email is not quarantined.',
    ],
    hant: {
      subjects: ['匯出筆記為 PDF', '匯出整個筆記本', 'Markdown 匯出'],
      problems: ['一直收不到通知信', '圖片全部不見了', '出現「匯出失敗」的錯誤'],
      details: ['我從筆記本選單開始匯出，但一直沒有收到電子郵件。', '較小的筆記本可以正常匯出，九百則筆記的那本不行。'],
      fixes: ['大型匯出會在背景處理，七天內可在「設定 → 資料 → 匯出」下載。', '在匯出視窗選擇「PDF（含圖片）」。'],
    },
    hans: {
      subjects: ['导出笔记为 PDF', '导出整个笔记本', 'Markdown 导出'],
      problems: ['一直收不到通知邮件', '图片全部不见了', '出现“导出失败”的错误'],
      details: ['我从笔记本菜单开始导出，但一直没有收到邮件。', '较小的笔记本可以正常导出，九百条笔记的那本不行。'],
      fixes: ['大型导出会在后台处理，七天内可在“设置 → 数据 → 导出”下载。', '在导出窗口选择“PDF（含图片）”。'],
    },
  },
  {
    key: 'billing',
    weight: 0.1,
    tag: 'billing',
    extraTags: ['invoices', 'plans', 'payment'],
    subjects: [
      'My invoice',
      'The Team plan',
      'The annual subscription',
      'Our credit card payment',
      'The VAT number on invoices',
      'Downgrading to the Free plan',
      'The billing page',
    ],
    problems: [
      'charged us twice this month',
      'shows the wrong company address',
      'did not apply the discount code',
      'keeps failing although the card is valid',
      'still bills for members who left',
      'renewed although I cancelled',
      'does not show the VAT number',
    ],
    tasks: [
      'get a refund for a double charge',
      'change the billing email address',
      'download all invoices for last year',
      'switch from monthly to annual billing',
      'cancel my subscription',
      'add our VAT number to past invoices',
      'pay by bank transfer instead of card',
    ],
    details: [
      'Our finance team noticed two identical charges on the company card.',
      'I removed three people from the workspace last week, but the invoice still counts them.',
      'The receipt is addressed to my personal name instead of the company.',
      'We are on the Team plan with 14 seats and pay monthly.',
      'The card works everywhere else, and the bank says nothing was declined.',
    ],
    fixes: [
      'Invoices are under **Settings → Billing → Invoices**; each one can be downloaded as PDF and re-issued with a new address.',
      'A second charge is usually a pending authorisation that disappears within five working days; if it does not, contact support with both transaction ids.',
      'Seats are counted at the start of each billing period, so removed members drop off the next invoice.',
      'Enter the VAT number under **Settings → Billing → Company details**; it appears on every invoice issued after that.',
      'Cancelling stops the renewal but keeps the paid plan until the end of the period.',
    ],
    hant: {
      subjects: ['帳單與發票', '年度訂閱', '團隊方案付款'],
      problems: ['這個月被重複扣款了', '上的公司地址錯誤', '無法使用信用卡付款'],
      details: ['財務部門發現公司信用卡有兩筆一樣的扣款。', '我們是團隊方案，共十四個席位，按月付款。'],
      fixes: ['發票在「設定 → 帳單 → 發票」，可以下載 PDF 並更改地址重新開立。', '重複扣款通常是暫時的授權，五個工作天內會消失。'],
    },
    hans: {
      subjects: ['账单与发票', '年度订阅', '团队方案付款'],
      problems: ['这个月被重复扣款了', '上的公司地址错误', '无法使用信用卡付款'],
      details: ['财务部门发现公司信用卡有两笔一样的扣款。', '我们是团队方案，共十四个席位，按月付款。'],
      fixes: ['发票在“设置 → 账单 → 发票”，可以下载 PDF 并更改地址重新开具。', '重复扣款通常是暂时的授权，五个工作日内会消失。'],
    },
  },
  {
    key: 'signin',
    weight: 0.1,
    tag: 'account',
    extraTags: ['2fa', 'sso', 'saml', 'security'],
    subjects: [
      'Two-factor authentication',
      'Sign in with Google',
      'SSO with Okta',
      'The password reset email',
      'My authenticator app',
      'SAML login for our company',
      'The magic sign-in link',
    ],
    problems: [
      'locks me out after I got a new phone',
      'never arrives',
      'says "Your account is not part of this organisation"',
      'loops back to the sign-in page',
      'rejects every code',
      'works on the web but not in the desktop app',
    ],
    tasks: [
      'sign in after losing my phone with the 2FA codes',
      'turn on SSO for the whole company',
      'reset my password without access to my old email',
      'require two-factor authentication for every member',
      'move from Google sign-in to a password',
      'use backup codes to log in',
    ],
    details: [
      'I changed phones and did not move the authenticator app first.',
      'The reset email does not show up, not even in spam.',
      'Our IT department set up Okta yesterday and now half the team cannot log in.',
      'The code from the app is refused even though the phone clock is right.',
    ],
    fixes: [
      'Use one of the backup codes you saved when turning on two-factor authentication; each works once.',
      'An admin can reset your two-factor setup under **Admin → Members**, after which you set it up again.',
      'For SSO, every member must sign in once with the organisation domain; personal Google accounts stay outside it.',
      'Authenticator codes depend on the phone clock: turn on automatic time and try again.',
      'Password reset emails come from no-reply@fieldnote.example; they expire after an hour.',
    ],
    hant: {
      subjects: ['雙重驗證', '使用 Google 登入', '公司 SSO 登入'],
      problems: ['換手機後無法登入', '一直回到登入頁面', '驗證碼都被拒絕'],
      details: ['我換了手機，之前沒有先轉移驗證器 App。', 'IT 部門昨天設定好 SSO，現在一半的同事無法登入。'],
      fixes: ['請使用開啟雙重驗證時保存的備用代碼，每組只能用一次。', '管理員可以在「管理 → 成員」重設你的雙重驗證。'],
    },
    hans: {
      subjects: ['双重验证', '使用 Google 登录', '公司 SSO 登录'],
      problems: ['换手机后无法登录', '一直回到登录页面', '验证码都被拒绝'],
      details: ['我换了手机，之前没有先转移验证器 App。', 'IT 部门昨天配置好 SSO，现在一半的同事无法登录。'],
      fixes: ['请使用开启双重验证时保存的备用代码，每组只能用一次。', '管理员可以在“管理 → 成员”重置你的双重验证。'],
    },
  },
  {
    key: 'mobile',
    weight: 0.08,
    tag: 'mobile',
    extraTags: ['android', 'ios', 'widgets', 'scanner'],
    subjects: ['The Android app', 'The iPhone app', 'The home screen widget', 'The document scanner', 'Push notifications on my phone', 'The iPad app'],
    problems: [
      'crashes when I open a notebook',
      'does not show new notes until I restart it',
      'drains the battery overnight',
      'stopped sending notifications',
      'cannot upload photos',
      'logs me out every day',
    ],
    tasks: ['scan a receipt into a note', 'add the widget to my home screen', 'turn off notifications for one notebook', 'move the app data to a new phone'],
    details: [
      'I am on version 4.12 of the app and the latest system update.',
      'Reinstalling helped for a day, then the problem came back.',
      'It happens on Wi-Fi and on mobile data.',
    ],
    fixes: [
      'Open the app settings, choose **Storage → Clear cache**, and sign in again; notes stay on the server.',
      'Allow background refresh for Fieldnote in the phone settings so new notes arrive without opening the app.',
      'Battery saver modes stop notifications: add Fieldnote to the list of apps that may run in the background.',
    ],
    hant: {
      subjects: ['手機 App', 'iPhone App', 'Android App'],
      problems: ['打開筆記本就閃退', '收不到推播通知', '無法上傳照片'],
      details: ['我用的是 4.12 版，系統也更新到最新。'],
      fixes: ['請在 App 設定中選擇「儲存空間 → 清除快取」後重新登入。'],
    },
    hans: {
      subjects: ['手机 App', 'iPhone App', 'Android App'],
      problems: ['打开笔记本就闪退', '收不到推送通知', '无法上传照片'],
      details: ['我用的是 4.12 版，系统也更新到最新。'],
      fixes: ['请在 App 设置中选择“存储空间 → 清除缓存”后重新登录。'],
    },
  },
  {
    key: 'offline',
    weight: 0.05,
    tag: 'offline',
    extraTags: ['sync', 'desktop', 'mobile'],
    subjects: ['Offline mode', 'Notes I edited offline', 'The desktop app without internet', 'Offline notebooks on my laptop'],
    problems: ['lost my changes when I reconnected', 'shows a sync conflict every time', 'does not download attachments', 'stays on "Waiting for network"'],
    tasks: ['make a notebook available offline', 'resolve a sync conflict', 'work offline on a flight'],
    details: ['I wrote notes on a flight and when I landed half of them were gone.', 'The conflict copy has my text but not my colleague’s edits.'],
    fixes: [
      'Mark the notebook *Available offline* before you lose the connection; only those notebooks are stored on the device.',
      'Conflict copies are kept beside the note for 30 days: open both and merge the text by hand.',
    ],
    hant: {
      subjects: ['離線模式', '離線編輯的筆記'],
      problems: ['重新連線後內容不見了', '一直出現同步衝突'],
      details: ['我在飛機上寫的筆記，降落後有一半不見了。'],
      fixes: ['請在離線前先將筆記本設為「可離線使用」。'],
    },
    hans: {
      subjects: ['离线模式', '离线编辑的笔记'],
      problems: ['重新连网后内容不见了', '一直出现同步冲突'],
      details: ['我在飞机上写的笔记，落地后有一半不见了。'],
      fixes: ['请在离线前先将笔记本设为“可离线使用”。'],
    },
  },
  {
    key: 'integrations',
    weight: 0.08,
    tag: 'integrations',
    extraTags: ['slack', 'zapier', 'webhooks', 'api', 'github'],
    subjects: ['The Slack integration', 'Our Zapier zap', 'The webhook for new notes', 'The API token', 'The GitHub integration', 'The REST API'],
    problems: [
      'posts every note twice in the channel',
      'returns 401 Unauthorized',
      'stopped triggering yesterday',
      'hits the rate limit after a few requests',
      'sends an empty payload',
      'does not see private notebooks',
    ],
    tasks: [
      'post new notes to a Slack channel',
      'create an API token with read-only access',
      'trigger a Zapier zap when a note is tagged',
      'verify the webhook signature',
      'list all notes of a notebook through the API',
    ],
    details: [
      'The token was created by an admin who has since left the company.',
      'Requests work with curl but fail from our server with error 401.',
      'The webhook endpoint returns 200 but the body is always empty.',
    ],
    fixes: [
      'API tokens belong to the member who created them and stop working when that member is removed: create a new token under **Settings → API**.',
      'The API allows 60 requests a minute per token; use the `Retry-After` header to back off.',
      'Every webhook request carries an `X-Fieldnote-Signature` header: compute the HMAC-SHA256 of the raw body with your secret and compare.',
      'Reconnect Slack from **Settings → Integrations** and choose the channel again.',
    ],
  },
  {
    key: 'templates',
    weight: 0.05,
    tag: 'templates',
    extraTags: ['notes', 'workspace'],
    subjects: ['Note templates', 'The meeting template', 'Our team templates', 'The template gallery'],
    problems: ['are not visible to new members', 'lose their formatting', 'cannot be edited after publishing', 'insert the wrong date'],
    tasks: ['share a template with the whole workspace', 'set a default template for a notebook', 'add a date placeholder to a template'],
    details: ['I made a template for our weekly stand-up, but my colleagues cannot find it.', 'The headings turn into plain text when the template is used.'],
    fixes: [
      'Templates are personal until you choose **Share with workspace** in the template menu.',
      'Use the `{{date}}` placeholder; it is filled in when the note is created.',
    ],
    hant: {
      subjects: ['筆記範本'],
      problems: ['新成員看不到'],
      details: ['我做了每週例會的範本，但同事找不到。'],
      fixes: ['範本預設只有自己看得到，請在選單中選擇「分享給工作區」。'],
    },
    hans: {
      subjects: ['笔记模板'],
      problems: ['新成员看不到'],
      details: ['我做了每周例会的模板，但同事找不到。'],
      fixes: ['模板默认只有自己看得到，请在菜单中选择“分享给工作区”。'],
    },
  },
  {
    key: 'sharing',
    weight: 0.07,
    tag: 'sharing',
    extraTags: ['permissions', 'guests', 'invites', 'notebooks'],
    subjects: ['Sharing a notebook with a client', 'Guest access', 'The share link', 'Folder permissions', 'Inviting a new member', 'Workspace roles'],
    problems: [
      'gives the guest edit rights',
      'shows "You do not have access"',
      'expired too early',
      'lets everyone see private notes',
      'sends the invite to the wrong address',
    ],
    tasks: [
      'share one note without the whole notebook',
      'give a guest read-only access',
      'remove a member without losing their notes',
      'make a notebook private to admins',
      'transfer ownership of a notebook',
    ],
    details: ['The client clicked the link and got an error page.', 'I only want our accountant to see the finance notebook.'],
    fixes: [
      'Choose **Share → Invite guest** and set the role to *Can view*; guests only see what is shared with them.',
      'When a member is removed their notes stay in the workspace and move to the admin.',
      'Share links expire after the time chosen when creating them; create a new link without an expiry date.',
    ],
    hant: {
      subjects: ['共用筆記本', '訪客權限'],
      problems: ['出現「你沒有存取權」', '訪客可以編輯'],
      details: ['客戶點了連結卻看到錯誤頁面。'],
      fixes: ['請選擇「分享 → 邀請訪客」並將角色設為「可檢視」。'],
    },
    hans: {
      subjects: ['共享笔记本', '访客权限'],
      problems: ['出现“你没有访问权限”', '访客可以编辑'],
      details: ['客户点了链接却看到错误页面。'],
      fixes: ['请选择“分享 → 邀请访客”并将角色设为“可查看”。'],
    },
  },
  {
    key: 'import',
    weight: 0.05,
    tag: 'import',
    extraTags: ['evernote', 'notion', 'markdown'],
    subjects: ['Importing from Evernote', 'The Notion import', 'Importing a folder of Markdown files', 'The ENEX import'],
    problems: ['stops at 40 percent', 'loses the tags', 'puts every note in one notebook', 'skips notes with attachments'],
    tasks: ['import all Evernote notebooks at once', 'keep tags when importing from Notion', 'import Markdown files with images'],
    details: ['The ENEX file is 2 GB with about 6,000 notes.', 'The import finished, but every note is in "Imported".'],
    fixes: ['Import one notebook per ENEX file; files over 1 GB time out.', 'Tags are kept when you choose *Keep tags* on the import screen.'],
  },
  {
    key: 'performance',
    weight: 0.06,
    tag: 'performance',
    extraTags: ['search', 'desktop', 'editor'],
    subjects: ['The editor', 'Search in the app', 'The desktop app', 'Opening a large notebook', 'Typing in long notes'],
    problems: ['is really slow', 'freezes for several seconds', 'uses 3 GB of memory', 'takes a minute to load'],
    tasks: ['speed up a notebook with thousands of notes', 'make search faster', 'reduce the memory the desktop app uses'],
    details: ['Everything else on the laptop is fast.', 'The notebook has about 4,000 notes and many images.'],
    fixes: [
      'Archive old notes into a separate notebook; the editor loads the whole notebook list.',
      'Turn off *Load images automatically* in **Settings → Editor**.',
    ],
    hant: { subjects: ['App 執行'], problems: ['變得非常慢'], details: ['筆記本裡有四千則筆記和很多圖片。'], fixes: ['請把舊筆記封存到另一個筆記本。'] },
    hans: { subjects: ['App 运行'], problems: ['变得非常慢'], details: ['笔记本里有四千条笔记和很多图片。'], fixes: ['请把旧笔记归档到另一个笔记本。'] },
  },
  {
    key: 'trash',
    weight: 0.05,
    tag: 'notes',
    extraTags: ['version-history', 'trash'],
    subjects: ['A deleted note', 'The trash', 'Version history', 'A notebook I deleted by mistake'],
    problems: ['is gone from the trash', 'empties itself too early', 'does not show older versions', 'cannot be restored'],
    tasks: ['restore a note deleted last month', 'empty the trash for the whole workspace', 'go back to an older version of a note'],
    details: ['A colleague deleted the notebook and we only noticed two weeks later.', 'The trash is empty although I never emptied it.'],
    fixes: [
      'Deleted notes stay in the trash for 30 days; after that an admin can ask support to restore them within 90 days.',
      'Open the note and choose **History** to restore any earlier version.',
    ],
    hant: {
      subjects: ['刪除的筆記', '垃圾桶'],
      problems: ['無法復原'],
      details: ['同事刪了筆記本，兩週後我們才發現。'],
      fixes: ['刪除的筆記會在垃圾桶保留三十天。'],
    },
    hans: {
      subjects: ['删除的笔记', '回收站'],
      problems: ['无法恢复'],
      details: ['同事删了笔记本，两周后我们才发现。'],
      fixes: ['删除的笔记会在回收站保留三十天。'],
    },
  },
];

const platforms = ['on Windows 11', 'on macOS', 'on my iPhone', 'on Android', 'in Safari', 'in Chrome', 'on the desktop app', 'on Linux'];
const whens = ['the last update', 'yesterday', 'last week', 'we moved to the Team plan', 'I changed my password', 'our company switched to SSO'];
const qualifiers = ['for the whole team', 'without an admin', 'on the Free plan', 'from the mobile app', 'for one notebook only', 'automatically'];
const openers = [
  'I had the same problem last month.',
  'This is a known behaviour, and it can be fixed.',
  'Here is what worked for our team.',
  'Short answer: yes.',
  'We ran into this after the update too.',
  'Support told me the following when I asked.',
];
const closers = [
  'If it still fails after that, contact support with the time it happened.',
  'That fixed it for all 12 people in our workspace.',
  'Hope this helps!',
  'It took about five minutes for the change to show up.',
  'The help center has a step-by-step article on this as well.',
];
const tried = [
  'signing out and in again',
  'clearing the browser cache',
  'reinstalling the app',
  'trying another browser',
  'asking our admin to check the settings',
  'waiting a day',
  'restarting the computer',
];
const teamSizes = [3, 5, 8, 12, 14, 20, 35, 60, 120];
const planNames = ['Free', 'Personal', 'Team', 'Business'];

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const lower = (s: string) =>
  /^[A-Z][a-z]/.test(s) && !/^(Google|Outlook|iCloud|Okta|SSO|SAML|Slack|Zapier|GitHub|Notion|Evernote|ENEX|PDF|REST|API)/.test(s)
    ? s.charAt(0).toLowerCase() + s.slice(1)
    : s;

function pickSome(random: Random, items: readonly string[], count: number): string[] {
  const out: string[] = [];
  for (let tries = 0; out.length < Math.min(count, items.length) && tries < 20; tries++) {
    const item = random.pick(items);
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

/** A question title of 15–150 characters. */
export function scaleTitle(random: Random, topic: ScaleTopic, lang: ScaleLang): string {
  if (lang !== 'en') {
    const zh = (lang === 'zh-Hant' ? topic.hant : topic.hans)!;
    const tail =
      lang === 'zh-Hant'
        ? random.pick(['，請問該怎麼解決？', '，有人遇過嗎？', '，要怎麼處理比較好？'])
        : random.pick(['，请问该怎么解决？', '，有人遇到过吗？', '，要怎么处理比较好？']);
    return `${random.pick(zh.subjects)}${random.pick(zh.problems)}${tail}`;
  }
  const subject = random.pick(topic.subjects);
  const problem = random.pick(topic.problems);
  const task = random.pick(topic.tasks);
  let title: string;
  switch (random.int(0, 6)) {
    case 0:
      title = `${subject} ${problem}`;
      break;
    case 1:
      title = `How do I ${task}?`;
      break;
    case 2:
      title = `${subject} ${problem} ${random.pick(platforms)}`;
      break;
    case 3:
      title = `Is it possible to ${task} ${random.pick(qualifiers)}?`;
      break;
    case 4:
      title = `${subject} ${problem} since ${random.pick(whens)}`;
      break;
    case 5:
      title = `Can't ${task} ${random.pick(qualifiers)}`;
      break;
    default:
      title = `${subject} ${problem}: what am I missing?`;
  }
  title = capitalize(title);
  return title.length > 150 ? title.slice(0, 150).trimEnd() : title;
}

/** A question body in Markdown (at least 20 characters). */
export function scaleQuestionBody(random: Random, topic: ScaleTopic, lang: ScaleLang): string {
  if (lang !== 'en') {
    const zh = (lang === 'zh-Hant' ? topic.hant : topic.hans)!;
    const team = random.pick(teamSizes);
    const intro =
      lang === 'zh-Hant'
        ? `我們是 ${team} 人的團隊，使用 Fieldnote ${random.pick(planNames)} 方案。`
        : `我们是 ${team} 人的团队，使用 Fieldnote ${random.pick(planNames)} 方案。`;
    const ask = lang === 'zh-Hant' ? '請問有什麼解決辦法嗎？謝謝！' : '请问有什么解决办法吗？谢谢！';
    return `${intro}${random.pick(zh.subjects)}${random.pick(zh.problems)}。\n\n${pickSome(random, zh.details, 2).join('')}\n\n${ask}`;
  }
  const team = random.pick(teamSizes);
  const intro = `We are a team of ${team} on the ${random.pick(planNames)} plan.`;
  const problem = `Since ${random.pick(whens)}, ${lower(random.pick(topic.subjects))} ${random.pick(topic.problems)}.`;
  const details = pickSome(random, topic.details, random.int(1, 2)).join(' ');
  const attempts = pickSome(random, tried, random.int(2, 3))
    .map((t) => `- ${t}`)
    .join('\n');
  const ending = random.pick([
    `Is there a way to ${random.pick(topic.tasks)}?`,
    'What else can I try?',
    'Has anyone found a fix for this?',
    `Any idea how to ${random.pick(topic.tasks)} ${random.pick(qualifiers)}?`,
  ]);
  const version = random.chance(0.5) ? ` (app version 4.${random.int(0, 19)}.${random.int(0, 9)})` : '';
  return `${intro} ${problem}${version}\n\n${details}\n\nWhat I tried so far:\n\n${attempts}\n\n${ending}`;
}

/** An answer body in Markdown. */
export function scaleAnswerBody(random: Random, topic: ScaleTopic, lang: ScaleLang): string {
  if (lang !== 'en') {
    const zh = (lang === 'zh-Hant' ? topic.hant : topic.hans)!;
    const end =
      lang === 'zh-Hant'
        ? random.pick(['希望有幫助！', '我們團隊這樣做就解決了。', '如果還是不行，請聯絡客服。'])
        : random.pick(['希望有帮助！', '我们团队这样做就解决了。', '如果还是不行，请联系客服。']);
    return `${pickSome(random, zh.fixes, 2).join('')}\n\n${end}`;
  }
  const fixes = pickSome(random, topic.fixes, random.int(1, 3));
  const steps = fixes.length > 1 ? fixes.map((f, i) => `${i + 1}. ${f}`).join('\n') : fixes[0]!;
  return `${random.pick(openers)}\n\n${steps}\n\n${random.pick(closers)}`;
}

/** The question's tags: its topic's tag and up to two more. */
export function scaleTags(random: Random, topic: ScaleTopic): string[] {
  return [topic.tag, ...pickSome(random, topic.extraTags, random.int(0, 2))];
}

const firstNames = [
  'Alex',
  'Sam',
  'Jordan',
  'Taylor',
  'Morgan',
  'Riley',
  'Casey',
  'Jamie',
  'Robin',
  'Avery',
  'Noah',
  'Emma',
  'Liam',
  'Olivia',
  'Lucas',
  'Mia',
  'Elena',
  'Mateo',
  'Sara',
  'David',
  'Anna',
  'Jonas',
  'Leila',
  'Omar',
  'Priya',
  'Ravi',
  'Ines',
  'Hugo',
  'Nora',
  'Felix',
  'Yara',
  'Tomás',
];
const lastNames = [
  'Smith',
  'Garcia',
  'Müller',
  'Rossi',
  'Kowalski',
  'Nguyen',
  'Okafor',
  'Jensen',
  'Silva',
  'Dubois',
  'Kim',
  'Patel',
  'Novak',
  'Larsen',
  'Moreau',
  'Fischer',
  'Haddad',
  'Costa',
  'Berg',
  'Ivanova',
  'Walsh',
  'Sato',
  'Mendes',
  'Clarke',
];
const zhNames = ['王小明', '陳怡君', '林建宏', '張偉', '李娜', '刘洋', '黄静', '吳佩珊', '周杰', '赵敏'];

/** A display name; about one in ten is Chinese. */
export function scaleDisplayName(random: Random): string {
  return random.chance(0.1) ? random.pick(zhNames) : `${random.pick(firstNames)} ${random.pick(lastNames)}`;
}
