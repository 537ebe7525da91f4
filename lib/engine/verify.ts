import { storedError } from '../errors-for-people';
import { isGraphError } from '../graph/errors';
import type { CodeMethod } from '../graph/inputs';
import type { Stores } from '../storage/items';
import type { InfoError } from '../info-error';
import { problemError, userError, type EngineContext } from './deps';
import type { Gates } from './gates';
import type { GraphPort } from './graph-port';
import { liveCodeRequest, withOwnership } from './number-update';

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
 * - One request_code per number at a time (a stored claim that expires), and none within RESEND_AFTER_MS of a
 *   code sent: each is an SMS or a call to the number. When and how the last code went is kept (never the
 *   code) so the details offer its box again after they were closed.
 * - The code goes from the message to the POST body only: never stored, never logged, never in an error.
 */
export interface Verification {
  requestCode(phoneId: string, method: CodeMethod, language: string): Promise<void>;
  verifyCode(phoneId: string, code: string): Promise<void>;
}

/**
 * Records what Meta answered about a number's ownership at `at`; its decision follows (lib/registration/decision.ts).
 * Verified: automatic retry stopped by register's 133006 may resume (that was what stopped it).
 */
export async function recordOwnership(stores: Stores, phoneId: string, verified: boolean, at: number): Promise<void> {
  await stores.numbers.update(
    (numbers) => {
      const n = numbers[phoneId];
      return n ? { ...numbers, [phoneId]: withOwnership(n, verified, at) } : numbers;
    },
    { ids: [phoneId] },
  );
  if (!verified) return;
  await stores.registrations.update(
    (regs) => {
      const r = regs[phoneId];
      return r?.autoStopped?.code === 133006 ? { ...regs, [phoneId]: { ...r, autoStopped: undefined } } : regs;
    },
    { ids: [phoneId] },
  );
}

/** A request_code call is given this long before another may start (a worker that died with it out). */
export const CODE_CALL_MS = 30_000;
/** No second code within this time of one sent (each is an SMS or a call to the number; Meta limits them too). */
export const RESEND_AFTER_MS = 60_000;

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
      if (isGraphError(e) && e.code === 136024) await recordOwnership(ctx.stores, phoneId, true, ctx.now());
      throw userError(storedError(e, ctx.now()));
    }
  }

  /** Only for a number that needs it, one code request at a time, none within RESEND_AFTER_MS of a code sent: as one write. */
  async function claimCodeRequest(phoneId: string): Promise<void> {
    let refused: InfoError | undefined;
    await ctx.stores.numbers.update(
      (numbers) => {
        const n = numbers[phoneId];
        if (n?.decision !== 'verify_ownership') {
          refused = problemError('errVerifyNotNeeded');
          return numbers;
        }
        const now = ctx.now();
        const live = liveCodeRequest(n.codeRequest, now);
        if (live?.inFlightUntil !== undefined) refused = problemError('errVerifyCodeInFlight');
        else if (live?.sentAt !== undefined && now - live.sentAt < RESEND_AFTER_MS)
          refused = problemError('errVerifyResendWait', { values: [String(Math.ceil((RESEND_AFTER_MS - (now - live.sentAt)) / 1000))] });
        if (refused) return numbers;
        return { ...numbers, [phoneId]: { ...n, codeRequest: { ...live, inFlightUntil: now + CODE_CALL_MS } } };
      },
      { ids: [phoneId] },
    );
    if (refused) throw refused;
  }

  /** The request's end: a code sent (when and how), or the call given up. */
  const endCodeRequest = (phoneId: string, sent?: CodeMethod) =>
    ctx.stores.numbers.update(
      (numbers) => {
        const n = numbers[phoneId];
        if (!n?.codeRequest) return numbers;
        const { inFlightUntil: _out, ...rest } = n.codeRequest;
        return { ...numbers, [phoneId]: { ...n, codeRequest: sent ? { sentAt: ctx.now(), method: sent } : rest } };
      },
      { ids: [phoneId] },
    );

  return {
    async requestCode(phoneId, method, language) {
      await claimCodeRequest(phoneId);
      try {
        await call(phoneId, (port) => port.requestCode(phoneId, method, language));
      } catch (e) {
        await endCodeRequest(phoneId);
        throw e;
      }
      await endCodeRequest(phoneId, method);
    },
    async verifyCode(phoneId, code) {
      await call(phoneId, (port) => port.verifyCode(phoneId, code));
      await recordOwnership(ctx.stores, phoneId, true, ctx.now());
    },
  };
}
