import type { Engine, RegisterResult } from '../engine/engine';
import type { DisplaySource } from '../display-state';
import { withEveryStoreLocked } from '../storage/items';
import { storedErrorInfo } from '../error-info';
import { InfoError } from '../info-error';
import type { Handlers } from '../messages/router';
import { receivesPins } from '../messages/sender';
import type { RegisterReply } from '../messages/protocol';
import type { Stores } from '../storage/items';
import type { MigrationRunner } from '../storage/migration-runner';
import { defaultSettings, TokenStatusSchema } from '../storage/schemas';
import { checkTokenFormat, TOKEN_PROBLEM_KEYS } from '../token-format';

export interface HandlerDeps {
  engine: Engine;
  stores: Stores;
  /** Re-creates the periodic sweep alarm after the interval changed. */
  onIntervalChanged: (minutes: number) => Promise<void>;
  /** Runs work after the reply was sent (keeps the worker alive while it runs). */
  background: (work: Promise<unknown>) => void;
  /** The storage migration of this worker: its status, and a new run on request (lib/storage/migration-runner.ts). */
  migration: Pick<MigrationRunner, 'status' | 'run'>;
  /** Removes everything: IndexedDB, storage.local, storage.session, alarms, badge (lib/storage/forget.ts). */
  clearAll: () => Promise<void>;
  /** What content scripts may see of the numbers (lib/storage/number-queries.ts `displaySource`). */
  display: DisplaySource;
}

/** The engine's result as the reply: outcomes and reasons by id (the pages and content script word them). */
export function toRegisterReply(result: RegisterResult, withoutPin: boolean): RegisterReply {
  switch (result.status) {
    case 'registered':
      // The content script and the PIN frame never receive a PIN: they learn only that one was saved.
      if (withoutPin) return result.generatedPin ? { status: 'registered', pinSaved: true } : { status: 'registered' };
      return result;
    case 'failed':
      return { status: 'failed', error: storedErrorInfo(result.error) };
    case 'pin_needed':
      return result;
    case 'already_registered':
      return { status: 'refused', reason: 'already_registered' };
    case 'refused':
      return {
        status: 'refused',
        reason: result.refusal.reason,
        until: 'until' in result.refusal ? result.refusal.until : undefined,
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
      return toRegisterReply(result, !receivesPins(role));
    },
    setPin: async ({ phoneId, pin }) => {
      await engine.setPin(phoneId, pin);
      return { ok: true };
    },
    requestCode: async ({ phoneId, method, language }) => {
      await engine.requestCode(phoneId, method, language);
      return { ok: true };
    },
    verifyCode: async ({ phoneId, code }) => {
      await engine.verifyCode(phoneId, code);
      return { ok: true };
    },
    saveToken: async ({ token }) => {
      const checked = checkTokenFormat(token);
      if (!checked.ok) throw new InfoError({ problem: TOKEN_PROBLEM_KEYS[checked.problem], kind: 'bad_input' });
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
      // Under every store's lock: an update that read before the clear cannot write after it, and one that
      // starts after it sees the new generation (the engine checks it inside its writes).
      await withEveryStoreLocked(async () => {
        // Unreadable (IndexedDB unavailable): everything else is still cleared.
        const generation = await stores.tokenStatus.getValue().then(
          (s) => s.generation,
          () => 0,
        );
        await deps.clearAll();
        await stores.tokenStatus.setValue(TokenStatusSchema.parse({ state: 'none', generation: generation + 1 }));
      });
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
    getDisplayState: async ({ wabaId }) => {
      const [tokenState, shards] = await Promise.all([
        deps.display.tokenState(),
        deps.display.numbersByWaba(wabaId !== undefined ? new Set([wabaId]) : undefined),
      ]);
      return { tokenState, numbers: [...shards.values()].flat() };
    },
  };
}
