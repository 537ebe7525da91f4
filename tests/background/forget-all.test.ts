import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SWEEP_ALARM, WAKE_ALARM } from '@/lib/engine/alarms';
import { defaultSettings } from '@/lib/storage/schemas';
import { CURRENT_SCHEMA_VERSION } from '@/lib/storage/migrations';
import { database, STORE_NAMES } from '@/lib/storage/db';
import { tokenStatusItem } from '@/lib/storage/items';
import { backgroundOverFakeBrowser, fakeEngine, options, popup, whatsappManager } from './support';

const TOKEN = 'EAAGtestTokenAbcdefghijklmnopqrstuvwxyz0123456789';

/** A v2 store (whole items in storage.local): the background's migration moves it to IndexedDB first. */
async function seedEverything() {
  await fakeBrowser.storage.local.set({
    schemaVersion: 2,
    graphToken: TOKEN,
    tokenStatus: { state: 'valid', scopes: ['whatsapp_business_management'], missingScopes: [], generation: 4 },
    settings: { ...defaultSettings(), intervalMinutes: 30, manualWabaIds: ['123'] },
    accounts: { wabas: { '123': { id: '123', sources: ['manual'], phoneIds: ['1'] } }, discoveryErrors: [] },
    numbers: {
      '1': {
        id: '1',
        wabaId: '123',
        health: 'stuck',
        stale: false,
        reasons: [],
        decision: 'register',
        history: [{ at: 1, to: 'stuck' }],
        firstSeenAt: 1,
      },
    },
    numberSummaries: { '1': { id: '1', wabaId: '123', health: 'stuck', stale: false, reasons: [], decision: 'register' } },
    registrations: { '1': { attempts: [{ at: 1, mode: 'auto', outcome: 'error', code: 133005 }], transientFailures: 0 } },
    pins: { '1': { pin: '123456', source: 'generated', at: 1 } },
    engine: { sweep: { lastFinishedAt: 5 } },
  });
  await fakeBrowser.storage.session.set({ displayState: { tokenState: 'valid', numbers: [{ id: '1' }] } });
  await fakeBrowser.alarms.create(SWEEP_ALARM, { periodInMinutes: 30 });
  await fakeBrowser.alarms.create(WAKE_ALARM, { when: Date.now() + 60_000 });
  await fakeBrowser.action.setBadgeText({ text: '1' });
}

beforeEach(() => fakeBrowser.reset());

describe('forgetAll', () => {
  it('removes everything from storage.local and storage.session, clears alarms and badge, and re-creates the sweep alarm', async () => {
    await seedEverything();
    const { route, migration } = backgroundOverFakeBrowser();
    await migration.run();

    expect(await route({ type: 'forgetAll' }, options)).toEqual({ ok: true, data: { ok: true } });

    // What is deliberately kept: the schema version stamp (as on a fresh install) and a token status with
    // no token but a generation above every earlier one. Nothing about the person, their token or Meta.
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ schemaVersion: CURRENT_SCHEMA_VERSION });
    const db = await database();
    for (const store of STORE_NAMES) if (store !== 'kv') expect(await db.count(store), store).toBe(0);
    expect(await db.getAllKeys('kv')).toEqual(['tokenStatus']);
    expect(await db.get('kv', 'tokenStatus')).toEqual({ state: 'none', scopes: [], missingScopes: [], generation: 5 });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    const alarms = await fakeBrowser.alarms.getAll();
    // The wake alarm is gone; the periodic sweep is back at the default interval, so a new token works.
    expect(alarms.map((a) => [a.name, a.periodInMinutes])).toEqual([[SWEEP_ALARM, defaultSettings().intervalMinutes]]);
    expect(await route({ type: 'getMigrationStatus' }, options)).toMatchObject({ ok: true, data: { state: 'done' } });
  });

  it('leaves a generation above every earlier one, so a later saved token gets a higher one still', async () => {
    await seedEverything();
    const { route, migration } = backgroundOverFakeBrowser({
      engine: fakeEngine({
        // The engine's rule (lib/engine/engine.ts saveToken): the stored generation + 1.
        saveToken: async () => {
          const previous = await tokenStatusItem.getValue();
          await tokenStatusItem.setValue({ ...previous, state: 'valid', generation: previous.generation + 1 });
          return previous;
        },
      }),
    });
    await migration.run();
    await route({ type: 'forgetAll' }, options);
    const after = (await tokenStatusItem.getValue()).generation;
    expect(after).toBeGreaterThan(4);
    await route({ type: 'saveToken', token: TOKEN }, options);
    expect((await tokenStatusItem.getValue()).generation).toBeGreaterThan(after);
  });

  it('still works when the migration failed (and the store is current again afterwards)', async () => {
    await seedEverything();
    let failures = 1;
    const { route, migration } = backgroundOverFakeBrowser({
      migrate: async () => {
        if (failures-- > 0) throw new Error('boom');
        return { from: 0, to: CURRENT_SCHEMA_VERSION };
      },
    });
    await migration.run();
    expect(await route({ type: 'forgetAll' }, options)).toMatchObject({ ok: true });
    expect(await route({ type: 'getMigrationStatus' }, options)).toMatchObject({ ok: true, data: { state: 'done' } });
    expect(await fakeBrowser.storage.local.get('pins')).toEqual({});
  });

  it('is refused to a content script, which changes nothing', async () => {
    await seedEverything();
    const { route, migration } = backgroundOverFakeBrowser();
    await migration.run();
    const snapshot = async () => {
      const db = await database();
      const records = await Promise.all(STORE_NAMES.map(async (name) => [name, await db.getAll(name)]));
      return { local: await fakeBrowser.storage.local.get(null), records };
    };
    const before = await snapshot();
    expect(JSON.stringify(before.records)).toContain(TOKEN);
    for (const type of ['forgetAll', 'getMigrationStatus', 'retryMigration'] as const) {
      expect(await route({ type }, whatsappManager)).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
    expect(await snapshot()).toEqual(before);
    expect(await fakeBrowser.storage.session.get(null)).not.toEqual({});
    // From the popup (an extension page) it is allowed.
    expect(await route({ type: 'forgetAll' }, popup)).toMatchObject({ ok: true });
  });
});
