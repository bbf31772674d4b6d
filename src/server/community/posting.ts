// Shared checks for everything a member writes in the community: who may post
// (not suspended), how often (new users less), and the Markdown rendered once.
import type { DB } from '@db/connection';
import { assertEmailVerified, getMember } from '@/server/accounts/users';
import type { SessionUser } from '@/server/accounts/sessions';
import { UnauthenticatedError, ValidationError } from '@/server/errors';
import { renderMarkdown, slugifyHeading } from '@/server/markdown';
import { assertWithinLimit, recordAttempt, type RateLimitRule } from '@/server/security/rate-limit';
import { isStaff } from '@/server/accounts/authorization';
import { assertNotSuspended, type Member } from './privileges';
import { defaultRules, type CommunityRules } from './rules';

export interface CommunityContext {
  rules?: CommunityRules;
  now?: number;
}

export async function loadActor(db: DB, user: SessionUser | null, now = Date.now()): Promise<Member> {
  if (!user) throw new UnauthenticatedError('Sign in to take part in the community.');
  const member = await getMember(db, user.id);
  assertNotSuspended(member, now);
  assertEmailVerified(member);
  return member;
}

/** An hourly limit that is lower for new members (reputation under rules.limits.newUserReputation), with a message for each. */
export function hourlyRule(
  member: Member,
  rules: CommunityRules,
  rule: { bucket: string; newUserMax: number; max: number; newUserMessage: string; message: string },
): RateLimitRule {
  const isNew = member.reputation < rules.limits.newUserReputation;
  return { bucket: rule.bucket, max: isNew ? rule.newUserMax : rule.max, windowMs: 60 * 60_000, message: isNew ? rule.newUserMessage : rule.message };
}

function postRule(member: Member, rules: CommunityRules): RateLimitRule {
  return hourlyRule(member, rules, {
    bucket: 'community-post:user',
    newUserMax: rules.limits.newUserPostsPerHour,
    max: rules.limits.postsPerHour,
    newUserMessage: `New members can post ${rules.limits.newUserPostsPerHour} times an hour while they find their feet. Please try again a little later.`,
    message: 'You are posting very quickly. Please wait a few minutes and try again.',
  });
}

/** Checks and records a post (question or answer) against the member's hourly limit; staff are not limited. */
export async function throttlePost(db: DB, member: Member, rules: CommunityRules = defaultRules, now = Date.now()): Promise<void> {
  if (isStaff(member)) return;
  const rule = postRule(member, rules);
  await assertWithinLimit(db, rule, String(member.id), now);
  await recordAttempt(db, rule, String(member.id), now);
}

export async function throttleComment(db: DB, member: Member, rules: CommunityRules = defaultRules, now = Date.now()): Promise<void> {
  if (isStaff(member)) return;
  const rule: RateLimitRule = {
    bucket: 'community-comment:user',
    max: rules.limits.commentsPerHour,
    windowMs: 60 * 60_000,
    message: 'You are commenting very quickly. Please wait a few minutes.',
  };
  await assertWithinLimit(db, rule, String(member.id), now);
  await recordAttempt(db, rule, String(member.id), now);
}

export function renderPost(markdown: string): { html: string; text: string } {
  const rendered = renderMarkdown(markdown, { mode: 'user' });
  return { html: rendered.html, text: rendered.text };
}

/** The columns a post stores: HTML for pages, plain text for the search index, rendered once. */
export function renderedBody(markdown: string): { body_html: string; body_text: string } {
  const { html, text } = renderPost(markdown);
  return { body_html: html, body_text: text };
}

export function slugForTitle(title: string): string {
  return slugifyHeading(title).slice(0, 80).replace(/-+$/, '') || 'question';
}

export const TITLE_MIN = 15;
export const TITLE_MAX = 150;
export const BODY_MIN = 20;
export const BODY_MAX = 30_000;
export const ANSWER_MIN = 20;
export const COMMENT_MIN = 5;
export const COMMENT_MAX = 600;

export function normalizeTags(raw: string[] | string): string[] {
  const list = (Array.isArray(raw) ? raw : raw.split(/[,\s]+/))
    .map((t) =>
      t
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, '-'),
    )
    .filter(Boolean);
  return [...new Set(list)];
}

export function validateQuestion(input: { title: string; body: string; tags: string[] }): void {
  const fields: Record<string, string> = {};
  const title = input.title.trim();
  if (title.length < TITLE_MIN) fields.title = `Write a title of at least ${TITLE_MIN} characters that sums up the problem.`;
  if (title.length > TITLE_MAX) fields.title = `Keep the title under ${TITLE_MAX} characters.`;
  const body = input.body.trim();
  if (body.length < BODY_MIN) fields.body = `Describe the problem in at least ${BODY_MIN} characters: what you tried and what happened.`;
  if (body.length > BODY_MAX) fields.body = `Keep the description under ${BODY_MAX.toLocaleString('en')} characters.`;
  if (input.tags.length < 1) fields.tags = 'Add at least one tag, like calendar-sync or billing.';
  else if (input.tags.length > 5) fields.tags = 'Use at most 5 tags.';
  else {
    const bad = input.tags.find((t) => !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(t) || t.length > 25);
    if (bad) fields.tags = `“${bad}” is not a valid tag: use lower-case letters, digits and hyphens, up to 25 characters.`;
  }
  if (Object.keys(fields).length > 0) throw new ValidationError('Please correct the highlighted fields.', fields);
}

export function validateBody(body: string, field: string, min: number, max: number, what: string): void {
  const length = body.trim().length;
  if (length < min) throw new ValidationError(`Please correct the highlighted fields.`, { [field]: `Write at least ${min} characters for your ${what}.` });
  if (length > max)
    throw new ValidationError(`Please correct the highlighted fields.`, { [field]: `Keep your ${what} under ${max.toLocaleString('en')} characters.` });
}
