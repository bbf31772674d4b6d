// The one place that hashes and makes random tokens (no database, no HTTP):
// session ids, reset tokens, ticket access keys, visitor ids, feedback voter
// keys, search document hashes and attachment checksums all come from here.
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}

/** Lower-case hex SHA-256 of raw bytes (attachments). */
export function sha256HexOfBytes(bytes: Uint8Array): string {
  return encodeHexLowerCase(sha256(bytes));
}

/** `bytes` random bytes as lower-case base32 without padding (20 bytes: 32 characters, as the Lucia guide). */
export function randomToken(bytes = 20): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}
