// The built-in SMTP listener for inbound mail (on when INBOUND_SMTP_PORT is
// set): no authentication (it is an MX, anyone may deliver), STARTTLS off
// unless a key and certificate are given (put a TLS-terminating MTA or the
// provider's forwarding in front for encryption in transit). Recipients are
// accepted only for the support address and reply addresses of our domain
// (550 otherwise); the size limit is announced (SIZE) and enforced during DATA
// with 552. Each message goes to receiveInboundEmail.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { DB } from '@db/connection';
import type { SiteContext } from './templates';
import { receiveInboundEmail, type Authenticator, type InboundOutcome } from './inbound';
import { isSupportAddress, looksLikeReplyAddress, mailIdentity, type MailIdentity } from './reply-address';

export interface InboundSmtpOptions {
  port: number;
  host: string;
  maxBytes: number;
  authenticate: Authenticator;
  identity?: MailIdentity | undefined;
  tls?: { key: string | Buffer; cert: string | Buffer } | undefined;
  log?: (line: string) => void;
  /** Told of every message taken (tests). */
  onReceived?: (outcome: InboundOutcome) => void;
}

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function startInboundSmtp(db: DB, site: SiteContext, opts: InboundSmtpOptions): Promise<InboundSmtp> {
  const identity = opts.identity ?? mailIdentity();
  const log = opts.log ?? console.log;
  const server = new SMTPServer({
    name: identity.replyDomain,
    banner: 'Hearth inbound mail',
    authOptional: true,
    disabledCommands: opts.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(opts.tls && { key: opts.tls.key, cert: opts.tls.cert }),
    size: opts.maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address;
      if (isSupportAddress(to, identity) || looksLikeReplyAddress(to, identity)) return callback();
      callback(smtpError(`No mailbox here for ${to}`, 550));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= opts.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > opts.maxBytes) return callback(smtpError(`Message too large: the limit is ${opts.maxBytes} bytes`, 552));
        const mailFrom = session.envelope.mailFrom;
        receiveInboundEmail(
          db,
          site,
          Buffer.concat(chunks),
          {
            from: mailFrom ? mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            remoteAddress: session.remoteAddress,
            helo: session.hostNameAppearsAs,
          },
          { authenticate: opts.authenticate, identity },
        )
          .then((outcome) => {
            opts.onReceived?.(outcome);
            callback();
          })
          .catch((error: unknown) => {
            log(`[inbound-smtp] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
            callback(smtpError('Temporary failure, try again later', 451));
          });
      });
    },
  });
  server.on('error', (error) => log(`[inbound-smtp] ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
