import { storedError } from '../errors-for-people';
import { isGraphError } from '../graph/errors';
import type { CodeMethod } from '../graph/inputs';
import type { Stores } from '../storage/items';
import { problemError, userError, type EngineContext } from './deps';
import type { Gates } from './gates';
import type { GraphPort } from './graph-port';
import { withOwnership } from './number-update';

/**
 * Ownership verification of a stuck number Meta will not register until it is verified (register answered
 * 133006, or its `code_verification_status` is not VERIFIED): POST /{id}/request_code, POST /{id}/verify_code,
 * then the usual registration (lib/engine/register.ts). Neither call spends register's 10 per 72 h; Meta
 * limits code attempts itself (133008/133009, with a wait).
 *
 * - Only for a number whose decision is `verify_ownership`: one known to be verified is never sent a code
 *   (Meta would answer 136024). A number removed from its account has no such decision.
 * - The gates of every call: a usable token (its generation goes with the call, so a failure of an older
 *   token changes nothing), no rate limit.
 * - Meta's answers are recorded on the number (`ownershipVerified`): a code accepted, or 136024 (verified
 *   already), makes its decision `register`; register's 133006 makes it `verify_ownership` again.
 * - The code goes from the message to the POST body only: never stored, never logged, never in an error.
 */
export interface Verification {
  requestCode(phoneId: string, method: CodeMethod, language: string): Promise<void>;
  verifyCode(phoneId: string, code: string): Promise<void>;
}

/** Records what Meta answered about a number's ownership; its decision follows (lib/registration/decision.ts). */
export const recordOwnership = (stores: Stores, phoneId: string, verified: boolean) =>
  stores.numbers.update(
    (numbers) => {
      const n = numbers[phoneId];
      return n ? { ...numbers, [phoneId]: withOwnership(n, verified) } : numbers;
    },
    { ids: [phoneId] },
  );

export function createVerification(ctx: EngineContext, gates: Gates): Verification {
  async function call(phoneId: string, send: (port: GraphPort) => Promise<unknown>): Promise<void> {
    if ((await ctx.stores.numbers.get(phoneId))?.decision !== 'verify_ownership') throw problemError('errVerifyNotNeeded');
    const active = await gates.activePort();
    if ('skipped' in active) throw problemError('errNoToken', { kind: 'auth', nextStep: 'auth' });
    if (await gates.rateLimitedUntil()) throw problemError('errVerifyRateLimited', { kind: 'rate_limit' });
    try {
      await send(active.port);
    } catch (e) {
      await gates.onGraphFailure(e, active.generation);
      // Verified already: registration comes next (the error says so).
      if (isGraphError(e) && e.code === 136024) await recordOwnership(ctx.stores, phoneId, true);
      throw userError(storedError(e, ctx.now()));
    }
  }

  return {
    requestCode: (phoneId, method, language) => call(phoneId, (port) => port.requestCode(phoneId, method, language)),
    async verifyCode(phoneId, code) {
      await call(phoneId, (port) => port.verifyCode(phoneId, code));
      await recordOwnership(ctx.stores, phoneId, true);
    },
  };
}
