import { storedErrorInfo } from '../error-info';
import { storedError } from '../errors-for-people';
import { InfoError } from '../info-error';
import type { DebugTokenData } from '../graph/schemas';
import type { TokenStatus } from '../storage/schemas';
import type { AccountsOps } from './accounts';
import { problemError, userError, type EngineContext } from './deps';
import type { Gates } from './gates';
import { expiresSoon, tokenStatusFromDebug } from './token-status';

/**
 * Saving and removing the Graph API token. Both start a new token generation (lib/engine/gates.ts): work
 * still running with the previous token can no longer change the state, notify or register.
 */
export interface TokenOps {
  /** Validates a token with debug_token; stores it only if Meta accepts it. Then discovery. */
  saveToken(token: string): Promise<TokenStatus>;
  removeToken(): Promise<void>;
}

export function createTokenOps(ctx: EngineContext, gates: Gates, accounts: AccountsOps): TokenOps {
  const { stores } = ctx;

  async function saveToken(token: string): Promise<TokenStatus> {
    const settings = await stores.settings.getValue();
    // The generation this save builds on: if another token is saved or everything is forgotten while
    // Meta checks this one, this save gives up instead of writing over it.
    const startedAt = (await stores.tokenPair.getValue()).status.generation;
    const port = ctx.graph({ token, version: settings.graphVersion });
    let debug: DebugTokenData;
    try {
      debug = await port.debugToken();
    } catch (e) {
      throw userError(storedError(e, ctx.now()));
    }
    if (debug.is_valid === false) {
      const refused = storedErrorInfo({ kind: 'auth', code: debug.error?.code ?? 190, subcode: debug.error?.subcode ?? undefined });
      // Meta's own words when it gave some; ours otherwise.
      throw new InfoError(
        debug.error?.message ? { ...refused, metaMessage: debug.error.message } : { ...refused, problem: 'errTokenNotValid' },
      );
    }
    const status = tokenStatusFromDebug(debug, { now: ctx.now(), generation: startedAt + 1 });
    const saved = await stores.tokenPair.update((current) => (current.status.generation === startedAt ? { token, status } : current));
    if (saved.status !== status) {
      throw problemError('errTokenChangedMeanwhile');
    }
    // A sweep of the previous token may still run: its results are dropped, and it must not delay this token's sweep.
    await stores.engine.update((e) => ({ ...e, sweep: { ...e.sweep, running: undefined, progress: undefined } }));
    if (expiresSoon(status, ctx.now())) await announceExpiry(status);
    await accounts.discover({ port, debug, generation: status.generation });
    return status;
  }

  async function announceExpiry(status: TokenStatus): Promise<void> {
    const days = Math.max(0, Math.round(((status.expiresAt ?? 0) - ctx.now()) / 86_400_000));
    await gates.announce(
      { kind: 'token', reason: 'expiring' },
      'token',
      { key: 'notifyTokenExpiringTitle' },
      { key: 'notifyTokenExpiringBody', subs: [days] },
    );
  }

  async function removeToken(): Promise<void> {
    await stores.tokenPair.update((current) => ({
      token: null,
      status: { state: 'none', scopes: [], missingScopes: [], generation: current.status.generation + 1 },
    }));
  }

  return { saveToken, removeToken };
}
