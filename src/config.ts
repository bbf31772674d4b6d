// Configuration: every environment variable Hearth reads, parsed once with zod.
// A bad value stops the process at start with a message naming the variable.
import { z } from 'zod';
import { isTimeZone } from '@/lib/time-zone';
import { TrustProxyError, parseTrustProxy } from '@/lib/client-address';

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface SupportHours {
  /** Days of the week support is open, 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** Minutes after local midnight when support opens and closes. */
  openMinute: number;
  closeMinute: number;
  /** The value as written, e.g. "Mon-Fri 09:00-17:00". */
  label: string;
}

function parseSupportHours(value: string, ctx: z.RefinementCtx): SupportHours {
  const match = /^([A-Za-z]{3})(?:-([A-Za-z]{3}))?\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(value.trim());
  const fail = () => {
    ctx.addIssue({
      code: 'custom',
      message: 'must look like "Mon-Fri 09:00-17:00" (day range, then opening and closing time, 24-hour clock)',
    });
    return z.NEVER;
  };
  if (!match) return fail();
  const [, from, to, oh, om, ch, cm] = match;
  const start = weekdays.indexOf(from!.toLowerCase() as (typeof weekdays)[number]);
  const end = weekdays.indexOf((to ?? from)!.toLowerCase() as (typeof weekdays)[number]);
  const openMinute = Number(oh) * 60 + Number(om);
  const closeMinute = Number(ch) * 60 + Number(cm);
  if (start < 0 || end < 0 || openMinute >= closeMinute || closeMinute > 24 * 60) return fail();
  const days: number[] = [];
  for (let d = start; ; d = (d + 1) % 7) {
    days.push(d);
    if (d === end) break;
  }
  return { days, openMinute, closeMinute, label: value.trim() };
}

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url({ protocol: /^(https?|smtps?)$/, error: 'must be a full URL such as http://localhost:7700' }).optional())
  .optional();

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_PATH: z.string().min(1).default('./data/hearth.db'),
  // Defaults to http://localhost:<PORT> (see parseConfig).
  SITE_URL: z
    .url({ protocol: /^https?$/, error: 'must be the public http(s) address of the site, e.g. https://help.example.com' })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  SITE_NAME: z.string().min(1).max(80).default('Fieldnote Support'),
  SMTP_URL: optionalUrl.refine((v) => v === undefined || /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://'),
  EMAIL_FROM: z.string().min(3).default('Fieldnote Support <support@fieldnote.example>'),
  // The email channel (issue 12). SUPPORT_ADDRESS is the plain support address; replies to a ticket's
  // emails go to support+FN-1042.<signature>@REPLY_DOMAIN (default: the support address's domain).
  SUPPORT_ADDRESS: z.email('must be an email address such as support@example.com').default('support@fieldnote.example'),
  REPLY_DOMAIN: z
    .string()
    .trim()
    .regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i, 'must be a domain name such as mail.example.com')
    .optional(),
  // Signs reply addresses (HMAC). Unset: a random secret generated once and kept in the database.
  EMAIL_SIGNING_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // Receive mail with the built-in SMTP listener on this port (unset: off).
  INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  INBOUND_SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  // POST /api/inbound-email takes raw messages with "Authorization: Bearer <this>" (unset: the endpoint is off).
  INBOUND_EMAIL_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // POST /api/webhooks/github takes GitHub `issues` events signed with this secret (X-Hub-Signature-256); unset: the endpoint is off (404).
  GITHUB_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters (the secret set on the GitHub webhook)').optional(),
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  // Raw inbound messages and attachments of closed tickets are deleted after this many days.
  EMAIL_RETENTION_DAYS: z.coerce.number().int().min(1).default(730),
  ATTACHMENT_MAX_FILES: z.coerce.number().int().min(1).max(50).default(10),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  MEILISEARCH_URL: optionalUrl.refine((v) => v === undefined || /^https?:\/\//.test(v), 'must start with http:// or https://'),
  MEILISEARCH_API_KEY: z.string().optional(),
  SUPPORT_HOURS: z.string().default('Mon-Fri 09:00-17:00').transform(parseSupportHours),
  SUPPORT_TIMEZONE: z.string().default('Europe/Amsterdam').refine(isTimeZone, 'must be an IANA time zone such as Europe/Amsterdam or America/New_York'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto').describe('auto: seed demo data when the database is empty'),
  // Hosts whose https images posts may show (besides /uploads/); also the CSP's img-src. Comma-separated host names.
  IMAGE_HOSTS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/,
            'must be a comma-separated list of host names such as images.example.com (no scheme, port, path or wildcard)',
          ),
      ),
    ),
  WORKER_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
  // Web server processes (Node's cluster): 1 serves from the main process; more use more cores, each with its own database connection and caches.
  WEB_PROCESSES: z.coerce.number().int().min(1).max(32).default(1),
  // The reverse proxies in front of Hearth: a hop count or addresses/CIDRs (see src/lib/client-address.ts).
  TRUST_PROXY: z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      try {
        parseTrustProxy(value);
      } catch (error) {
        if (!(error instanceof TrustProxyError)) throw error;
        ctx.addIssue({ code: 'custom', message: `${error.message}; use a hop count such as 1, or addresses and ranges such as "loopback, 10.0.0.0/8"` });
      }
    }),
  BENCH_ROUTES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  LOG_REQUESTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Count SQL statements per request and print the count in the request log line.
  HEARTH_QUERY_LOG: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type Config = Omit<z.infer<typeof configSchema>, 'SITE_URL'> & { SITE_URL: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Treat empty strings as unset so `FOO=` in a shell means "use the default".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  return { ...result.data, SITE_URL: result.data.SITE_URL ?? `http://localhost:${result.data.PORT}` };
}

let cached: Config | undefined;

/** The process configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For tests: forget the parsed configuration so the next call re-reads the environment. */
export function resetConfigForTests(): void {
  cached = undefined;
}
