// Redaction of a support conversation before the whole company reads it (the
// weekly digest): the people named on the ticket (the requester, the agents),
// email addresses, phone numbers, signature blocks and links that carry a
// private key are replaced by a bracketed word, so the text still reads well.
// Plain text in, plain text out (the digest shows Markdown sources as text).
// Over-redacting is the safe side: an order number that looks like a phone
// number goes too.
//
// No library fitted (redact-pii pulls in Google Cloud DLP, @arcjet/redact needs
// Node 22), so this is our own, small and unit-tested (tests/unit/redact.test.ts).

/** Someone named on the ticket and the word that replaces their name: "[customer]", "[agent]". */
export interface KnownPerson {
  name: string;
  label: string;
}

export interface RedactOptions {
  people?: readonly KnownPerson[];
}

export const REDACTED = {
  email: '[email]',
  phone: '[phone]',
  link: '[private link]',
  signature: '[signature removed]',
} as const;

// A sign-off line: "Thanks," "Best," "Kind regards," "Cheers!" (alone on its line).
const SIGN_OFF =
  /^\s*(?:thanks|thank you|many thanks|thanks a lot|thanks again|best|best wishes|all the best|regards|kind regards|best regards|warm regards|warmly|cheers|sincerely|yours|yours sincerely|cordially)\s*[,.!]?\s*$/i;
// The RFC 3676 signature separator ("-- "; "--" once a mail client trimmed it).
const SIG_SEPARATOR = /^--\s?$/;
/** A sign-off is a signature only when at most this many lines follow it (a name, a title, a phone). */
const SIGNATURE_MAX_LINES = 6;

/** A signature without a bare sign-off ("Thanks for the help!\nSarah\nHead of Ops") is at most this many short lines, the first a known name. */
const NAMED_SIGNATURE_MAX_LINES = 3;
const NAMED_SIGNATURE_MAX_LENGTH = 60;

/** A line that is only a known person's name, or parts of it ("Sarah", "- Sarah Jones", "Jones,"). */
function isNameLine(line: string, people: readonly KnownPerson[]): boolean {
  const words = line
    .replace(/^[\s\-–—~]+/, '')
    .split(/[\s,]+/)
    .map((word) => word.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '').toLowerCase())
    .filter((word) => word !== '');
  if (words.length === 0) return false;
  const parts = new Set(people.flatMap((p) => [...namePartsOf(p.name), ...p.name.trim().split(/\s+/)].map((part) => part.toLowerCase())));
  return words.every((word) => parts.has(word));
}

/** The index of the line that starts a short final block opened by a known name, or -1. */
function namedSignatureStart(lines: readonly string[], people: readonly KnownPerson[]): number {
  if (people.length === 0) return -1;
  const filled = lines.flatMap((line, i) => (line.trim() === '' ? [] : [i]));
  const tail = filled.slice(-NAMED_SIGNATURE_MAX_LINES);
  for (const [k, i] of tail.entries()) {
    // Something must come before it: a message that is only a name is no signature.
    if (i === filled[0]) continue;
    if (!isNameLine(lines[i]!, people)) continue;
    return tail.slice(k).every((j) => lines[j]!.trim().length <= NAMED_SIGNATURE_MAX_LENGTH) ? i : -1;
  }
  return -1;
}

/**
 * Cuts signature blocks: everything after "-- ", the lines after a sign-off
 * that ends the message, and a short final block that starts with a known
 * person's name (the sign-off then is a sentence: "Thanks for the help!").
 */
export function redactSignatures(text: string, people: readonly KnownPerson[] = []): string {
  const lines = text.split(/\r?\n/);
  const separator = lines.findIndex((line) => SIG_SEPARATOR.test(line));
  if (separator >= 0) return [...lines.slice(0, separator), REDACTED.signature].join('\n').trimEnd();
  for (let i = 0; i < lines.length; i++) {
    if (!SIGN_OFF.test(lines[i]!)) continue;
    const after = lines.slice(i + 1).filter((line) => line.trim() !== '');
    if (after.length === 0) return lines.join('\n');
    if (after.length <= SIGNATURE_MAX_LINES && after.every((line) => line.trim().length <= 80))
      return [...lines.slice(0, i + 1), REDACTED.signature].join('\n');
  }
  const named = namedSignatureStart(lines, people);
  if (named >= 0) return [...lines.slice(0, named), REDACTED.signature].join('\n');
  return text;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"')\]]+/gi;
// Query parameters that carry a secret (our own private links use ?key=).
const SECRET_PARAMS = /^(?:key|token|access_?token|auth|code|sig|signature|secret|password|session|sid|otp|invite|reset|t|k)$/i;
// A path segment that looks like a generated token: long, letters and digits mixed.
const TOKEN_SEGMENT = /^(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}$/;

function hasPrivateKey(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return true;
  }
  if (url.username || url.password) return true;
  for (const name of url.searchParams.keys()) if (SECRET_PARAMS.test(name)) return true;
  if (url.hash.length > 1 && /[=]|[A-Za-z0-9_-]{20,}/.test(url.hash.slice(1))) return true;
  return url.pathname.split('/').some((segment) => TOKEN_SEGMENT.test(segment));
}

/** Links with a key, token or signature in them (a private ticket link, a reset link) become "[private link]"; other links stay. */
export function redactLinks(text: string): string {
  return text.replace(URL_PATTERN, (match) => {
    // Trailing punctuation belongs to the sentence.
    const url = match.replace(/[.,;:!?]+$/, '');
    return (hasPrivateKey(url) ? REDACTED.link : url) + match.slice(url.length);
  });
}

const EMAIL_PATTERN = /(?:mailto:)?[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;

export function redactEmails(text: string): string {
  return text.replace(EMAIL_PATTERN, REDACTED.email);
}

// A run of digits with the separators phone numbers use, optionally with a
// leading + or a bracketed area code; 8 to 15 digits (E.164 allows 15), or a
// 7-digit local number written 555-1234 (LOCAL_NUMBER).
const PHONE_PATTERN = /(?<![\p{L}\p{N}_-])(?:\+|00)?(?:\(\d{1,5}\)[ .-]?)?\d(?:[ .-]?(?:\(\d{1,5}\)|\d)){5,18}(?![\p{L}\p{N}_])/gu;
// A date first ("2026-11-30", "2026-11-30 10"): a date with the hour after it is no phone number.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?!\d)/;
// A dotted version or address (1.4.22, 192.168.10.12): dots only, short groups;
// but 555.123.4567 is the dotted North American phone number.
const DOTTED = /^(?!\d{3}\.\d{3}\.\d{4}$)\d{1,4}(?:\.\d{1,4}){2,}$/;
// Seven digits are a phone number only in this shape: a ticket ref (FN-1234) or
// an error code (ERR-555-1234) never matches, a letter or dash before it keeps it.
const LOCAL_NUMBER = /^\d{3}[-. ]\d{4}$/;

export function redactPhones(text: string): string {
  return text.replace(PHONE_PATTERN, (match) => {
    const digits = match.replace(/\D/g, '').length;
    if (digits === 7 && LOCAL_NUMBER.test(match)) return REDACTED.phone;
    if (digits < 8 || digits > 15 || ISO_DATE.test(match) || DOTTED.test(match)) return match;
    return REDACTED.phone;
  });
}

// Common words that are also first names: matched only when capitalized ("Will", not "will").
const COMMON_WORDS = new Set([
  'will',
  'may',
  'mark',
  'bill',
  'grace',
  'rose',
  'june',
  'april',
  'august',
  'joy',
  'hope',
  'faith',
  'art',
  'sky',
  'summer',
  'autumn',
  'dawn',
  'rich',
  'frank',
  'jack',
  'pat',
  'sunny',
  'chase',
  'drew',
  'max',
  'sue',
  'ray',
  'don',
  'gene',
  'iris',
  'ivy',
  'lily',
  'ruby',
  'jade',
  'amber',
  'brook',
  'reed',
  'case',
  'page',
  'lane',
  'park',
  'young',
  'long',
  'little',
  'white',
  'black',
  'brown',
  'green',
  'gray',
  'grey',
  'hill',
  'wood',
  'day',
  'west',
  'north',
  'king',
]);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The name's parts worth replacing on their own (first and last names, three letters and more). */
function namePartsOf(name: string): string[] {
  return name
    .split(/[\s,]+/)
    .map((part) => part.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
    .filter((part) => [...part].length >= 3);
}

/** Replaces each known person's full name, then their first and last names, with their label in brackets. */
export function redactNames(text: string, people: readonly KnownPerson[]): string {
  const terms: { term: string; label: string; strict: boolean }[] = [];
  for (const p of people) {
    const full = p.name.trim().replace(/\s+/g, ' ');
    if (full === '') continue;
    terms.push({ term: full, label: p.label, strict: false });
    for (const part of namePartsOf(full))
      if (part.toLowerCase() !== full.toLowerCase()) terms.push({ term: part, label: p.label, strict: COMMON_WORDS.has(part.toLowerCase()) });
  }
  // Longest first, so "Sarah Jones" goes whole before "Sarah" alone.
  terms.sort((a, b) => b.term.length - a.term.length);
  let out = text;
  for (const { term, label, strict } of terms) {
    const body = escapeRegExp(term).replace(/ /g, '\\s+');
    // Never inside a label already put in ("[customer]" when a name part is "customer").
    const word = `(?<![\\p{L}\\p{N}[])${body}(?:'s|’s)?(?![\\p{L}\\p{N}\\]])`;
    const replace = (match: string) => `[${label}]${/(?:'s|’s)$/.test(match) ? match.slice(-2) : ''}`;
    if (!strict) out = out.replace(new RegExp(word, 'giu'), replace);
    else {
      // Capitalized only: the first letter as given, the rest in any case.
      const first = escapeRegExp(term[0]!.toUpperCase());
      const rest = [...term.slice(1)].map((c) => (c.toLowerCase() === c.toUpperCase() ? escapeRegExp(c) : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('');
      out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}[])${first}${rest}(?:'s|’s)?(?![\\p{L}\\p{N}\\]])`, 'gu'), replace);
    }
  }
  return out;
}

/**
 * The text with signature blocks, private links, email addresses, phone
 * numbers and the known people's names redacted, in that order (a signature
 * goes whole; a link's address never leaves an email half redacted).
 */
export function redact(text: string, options: RedactOptions = {}): string {
  let out = redactSignatures(text, options.people ?? []);
  out = redactLinks(out);
  out = redactEmails(out);
  out = redactPhones(out);
  out = redactNames(out, options.people ?? []);
  return out;
}

/** A one-line text (a subject): the same rules, without signatures. */
export function redactLine(text: string, options: RedactOptions = {}): string {
  return redactNames(redactPhones(redactEmails(redactLinks(text))), options.people ?? []);
}
