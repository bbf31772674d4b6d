// The text of every email Hearth sends. Plain text first: it reads well in any
// client and in the server log.
import type { EmailMessage } from './outbox';

export interface SiteContext {
  siteUrl: string;
  siteName: string;
}

export function welcomeEmail(site: SiteContext, to: string, displayName: string): EmailMessage {
  return {
    kind: 'welcome',
    to,
    subject: `Welcome to ${site.siteName}`,
    text: [
      `Hi ${displayName},`,
      '',
      `Your ${site.siteName} account is ready. You can now ask and answer questions in the community, follow known issues and see your support tickets.`,
      '',
      `Help articles: ${site.siteUrl}/help`,
      `Community: ${site.siteUrl}/community`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export function passwordResetEmail(site: SiteContext, to: string, resetUrl: string, validMinutes: number): EmailMessage {
  return {
    kind: 'password-reset',
    to,
    subject: `Reset your ${site.siteName} password`,
    text: [
      'Someone (hopefully you) asked to reset the password for this account.',
      '',
      `Choose a new password here: ${resetUrl}`,
      '',
      `The link works once and expires in ${validMinutes} minutes. If you did not ask for this, ignore this email: your password stays the same.`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}

export function passwordChangedEmail(site: SiteContext, to: string): EmailMessage {
  return {
    kind: 'password-changed',
    to,
    subject: `Your ${site.siteName} password was changed`,
    text: [
      'The password for your account was just changed, and every other signed-in device was signed out.',
      '',
      `If this was not you, reset your password now: ${site.siteUrl}/reset-password`,
      '',
      `— ${site.siteName}`,
    ].join('\n'),
  };
}
