import { isGraphError } from './graph/errors';
import type { StoredError } from './storage/schemas';

/**
 * A failure as stored: plain, token-free (Graph errors are redacted at the source), timestamped. Meta's
 * words and code are kept; ours never are (people read catalogue texts by id: lib/error-info.ts). A local
 * failure of the Graph client keeps its cause (`local`), not its developer note; anything else is `internal`.
 */
export function storedError(error: unknown, at: number): StoredError {
  if (isGraphError(error)) {
    const { usage: _usage, name: _name, ...rest } = error.toJSON();
    return { ...rest, message: rest.local ? '' : rest.message, at };
  }
  return { kind: 'internal', message: '', at };
}
