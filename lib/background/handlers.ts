import type { Engine, RegisterResult } from '../engine/engine';
import { buildDisplayState } from '../display-state';
import { toErrorInfo } from '../errors-for-people';
import { isGraphError } from '../graph/errors';
import { InfoError } from '../info-error';
import type { Handlers } from '../messages/router';
import { receivesPins } from '../messages/sender';
import type { ErrorInfo, RegisterReply } from '../messages/protocol';
import { describeRefusal } from '../registration/refusal-text';
import type { Stores } from '../storage/items';
import type { MigrationRunner } from '../storage/migration-runner';
import { defaultSettings, TokenStatusSchema } from '../storage/schemas';
import { checkTokenFormat, type TokenFormatProblem } from '../token-format';

const TOKEN_PROBLEM_TEXT: Record<TokenFormatProblem, string> = {
  empty: 'Paste an access token first.',
  whitespace: 'The token contains spaces or line breaks. Copy it again without them.',
  quotes: 'The token contains quotes. Paste only the token itself.',
  too_short: 'This is far too short to be a Graph API access token.',
  characters: 'The token contains characters Meta never uses. Copy it again from Meta.',
};

export interface HandlerDeps {
  engine: Engine;
  stores: Stores;
  now: () => number;
  /** Re-creates the periodic sweep alarm after the interval changed. */
  onIntervalChanged: (minutes: number) => Promise<void>;
  /** Runs work after the reply was sent (keeps the worker alive while it runs). */
  background: (work: Promise<unknown>) => void;
  /** The storage migration of this worker: its status, and a new run on request (lib/storage/migration-runner.ts). */
  migration: Pick<MigrationRunner, 'status' | 'run'>;
  /** Removes everything: storage.local, storage.session, alarms, badge (lib/storage/forget.ts). */
  clearAll: () => Promise<void>;
}

export function toRegisterReply(result: RegisterResult, now: number, withoutPin: boolean): RegisterReply {
  switch (result.status) {
    case 'registered':
      // The content script and the PIN frame never receive a PIN: they learn only that one was saved.
      if (withoutPin) return result.generatedPin ? { status: 'registered', pinSaved: true } : { status: 'registered' };
      return result;
    case 'failed':
      return { status: 'failed', error: toErrorInfo(result.error) };
    case 'pin_needed':
      return result;
    case 'already_registered':
      return { status: 'refused', reason: 'already_registered', message: describeRefusal({ reason: 'already_registered' }, now) };
    case 'refused':
      return {
        status: 'refused',
        reason: result.refusal.reason,
        until: 'until' in result.refusal ? result.refusal.until : undefined,
        message: describeRefusal(result.refusal, now),
      };
  }
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { engine, stores } = deps;
  return {
    ping: async () => ({ pong: true }),
    checkNow: () => engine.sweep({ reason: 'manual' }),
    completeRegistration: async ({ phoneId, pin }, role) => {
      const result = await engine.register(phoneId, { mode: 'manual', pin });
      return toRegisterReply(result, deps.now(), !receivesPins(role));
    },
    setPin: async ({ phoneId, pin }) => {
      await engine.setPin(phoneId, pin);
      return { ok: true };
    },
    saveToken: async ({ token }) => {
      const checked = checkTokenFormat(token);
      if (!checked.ok) throw new InfoError({ message: TOKEN_PROBLEM_TEXT[checked.problem], kind: 'bad_input' });
      await engine.saveToken(checked.token);
      deps.background(engine.sweep({ reason: 'token' }));
      return { ok: true };
    },
    removeToken: async () => {
      await engine.removeToken();
      return { ok: true };
    },
    updateSettings: async ({ patch }) => {
      const before = await stores.settings.getValue();
      const next = await stores.settings.update((s) => ({ ...s, ...patch, notify: { ...s.notify, ...patch.notify } }));
      if (next.intervalMinutes !== before.intervalMinutes) await deps.onIntervalChanged(next.intervalMinutes);
      return { ok: true };
    },
    addWaba: async ({ wabaId }) => {
      await engine.addWaba(wabaId.trim());
      return { ok: true };
    },
    forgetAll: async () => {
      // Generation floor: tokenStatus is rewritten right after the clear with a generation above every
      // earlier one, so work started before the clear (tied to an older generation) never matches, and the
      // next saved token gets a higher one still. It is a counter, nothing about the person or Meta.
      const { generation } = await stores.tokenStatus.getValue();
      await deps.clearAll();
      await stores.tokenStatus.setValue(TokenStatusSchema.parse({ state: 'none', generation: generation + 1 }));
      // As on a fresh install: the schema version stamp (an empty store is current), then the sweep alarm.
      await deps.migration.run();
      await deps.onIntervalChanged(defaultSettings().intervalMinutes);
      return { ok: true };
    },
    getMigrationStatus: async () => deps.migration.status(),
    retryMigration: async () => deps.migration.run(),
    dismissNumber: async ({ phoneId }) => {
      await engine.dismissNumber(phoneId);
      await engine.refreshBadge();
      return { ok: true };
    },
    getDisplayState: async () => {
      const [numbers, accounts, token] = await Promise.all([
        stores.summaries.getValue(),
        stores.accounts.getValue(),
        stores.tokenStatus.getValue(),
      ]);
      return buildDisplayState(numbers, accounts, token);
    },
  };
}

export function describeError(error: unknown): ErrorInfo {
  if (error instanceof InfoError) return error.info;
  if (isGraphError(error)) return toErrorInfo({ ...error.toJSON() });
  return { message: 'Unexpected error in the extension background.', kind: 'internal' };
}
