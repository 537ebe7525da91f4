import { displaySource } from '@/lib/storage/number-queries';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers, type HandlerDeps } from '@/lib/background/handlers';
import { toErrorInfo } from '@/lib/error-info';
import { ensureSweepAlarm } from '@/lib/engine/alarms';
import type { Engine } from '@/lib/engine/engine';
import { createMessageRouter } from '@/lib/messages/router';
import { stores } from '@/lib/storage/items';
import { clearDatabase } from '@/lib/storage/db';
import { clearExtensionData } from '@/lib/storage/forget';
import { createMigrationRunner, guardHandlers, type MigrationRunner } from '@/lib/storage/migration-runner';
import { migrateStorage } from '@/lib/storage/migrations';

export const env = { runtimeId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id', describeError: toErrorInfo };
export const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
export const options = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html' };
export const whatsappManager = { id: 'ext-id', url: 'https://business.facebook.com/wa/manage/phone-numbers/', tab: { id: 3 } };

/** An engine whose every method is a spy (the handlers under test only pass requests on). */
export function fakeEngine(overrides: Partial<Engine> = {}): Engine {
  return {
    sweep: vi.fn(async () => ({ status: 'done', calls: 1, numbers: 0 })),
    saveToken: vi.fn(async () => undefined),
    removeToken: vi.fn(async () => undefined),
    register: vi.fn(async () => ({ status: 'pin_needed' })),
    setPin: vi.fn(async () => undefined),
    addWaba: vi.fn(async () => undefined),
    ...overrides,
  } as unknown as Engine;
}

/** The handlers' dependencies as entrypoints/background.ts wires them, over fakeBrowser. */
export function handlerDepsOverFakeBrowser(engine: Engine, migration: HandlerDeps['migration']): HandlerDeps {
  return {
    engine,
    stores,
    onIntervalChanged: (minutes) => ensureSweepAlarm(fakeBrowser.alarms, minutes, { force: true }),
    background: (work) => void work.catch(() => undefined),
    migration,
    display: displaySource,
    clearAll: () =>
      clearExtensionData({
        database: clearDatabase,
        local: fakeBrowser.storage.local,
        session: fakeBrowser.storage.session,
        alarms: fakeBrowser.alarms,
        resetBadge: () => fakeBrowser.action.setBadgeText({ text: '' }),
      }),
  };
}

/** The background's wiring (entrypoints/background.ts) over fakeBrowser, with the given engine and migration. */
export function backgroundOverFakeBrowser(
  opts: { engine?: Engine; migrate?: () => Promise<{ from: number; to: number }>; onRecovered?: () => Promise<void> } = {},
) {
  const engine = opts.engine ?? fakeEngine();
  const migration: MigrationRunner = createMigrationRunner({
    migrate: opts.migrate ?? (() => migrateStorage(fakeBrowser.storage.local)),
    now: () => Date.now(),
    onRecovered: opts.onRecovered,
  });
  const deps = handlerDepsOverFakeBrowser(engine, migration);
  const route = createMessageRouter(guardHandlers(createHandlers(deps), migration), env);
  return { route, migration, engine };
}
