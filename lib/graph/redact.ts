/**
 * Removes secrets from text that may end up in an error, a log or storage (e.g. Meta echoing the token in
 * an error message or in a `paging.next` URL).
 */

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not redacted verbatim (too likely to clobber ordinary text). */
const MIN_SECRET_LENGTH = 8;

/** `access_token=…`, `input_token=…` query/form parameters, whatever the value. */
const TOKEN_PARAM_PATTERN = /\b(access_token|input_token)=[^&\s"'<>]+/gi;
/** `Bearer …` credentials. */
const BEARER_PATTERN = /\bBearer\s+[A-Za-z0-9._~+/=-]+/g;
/** Meta user/system-user/page tokens start with `EAA`; catch ones we were not told about. */
const META_TOKEN_PATTERN = /\bEAA[A-Za-z0-9]{20,}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replace every occurrence of the given secrets (raw and URL-encoded) and of token-looking fragments. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const variants = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
    for (const variant of variants) {
      out = out.replace(new RegExp(escapeRegExp(variant), 'g'), REDACTED);
    }
  }
  return out
    .replace(TOKEN_PARAM_PATTERN, (_match, name: string) => `${name}=${REDACTED}`)
    .replace(BEARER_PATTERN, `Bearer ${REDACTED}`)
    .replace(META_TOKEN_PATTERN, REDACTED);
}

export type Redactor = (text: string) => string;

/** A redactor bound to the given secrets. */
export function createRedactor(secrets: readonly string[]): Redactor {
  const list = [...secrets];
  return (text) => redactSecrets(text, list);
}
