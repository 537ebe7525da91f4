import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import v1 from '../fixtures/storage-v1.json';
import { CURRENT_SCHEMA_VERSION, migrateStorage } from '@/lib/storage/migrations';
import { createMigrationRunner } from '@/lib/storage/migration-runner';
import { tokenStatusItem } from '@/lib/storage/items';
import { backgroundOverFakeBrowser, popup } from './support';

beforeEach(() => fakeBrowser.reset());

describe('a failed storage migration', () => {
  it('is reported, the worker still answers, and a retry through a message succeeds', async () => {
    await fakeBrowser.storage.local.set(v1);
    let failures = 1;
    const migrate = vi.fn(async () => {
      if (failures-- > 0) throw new Error('QUOTA_BYTES quota exceeded');
      return migrateStorage(fakeBrowser.storage.local);
    });
    const onRecovered = vi.fn(async () => undefined);
    const { route, migration, engine } = backgroundOverFakeBrowser({ migrate, onRecovered });
    expect(migration.status().state).toBe('running');
    await migration.run(); // the worker's start

    // Failed, and recorded where the options page asks for it.
    expect(await route({ type: 'getMigrationStatus' }, popup)).toMatchObject({
      ok: true,
      data: { state: 'failed', attempt: 1, error: 'QUOTA_BYTES quota exceeded' },
    });
    // Still answered: requests that only read state work...
    expect(await route({ type: 'ping' }, popup)).toEqual({ ok: true, data: { pong: true } });
    expect(await route({ type: 'getDisplayState' }, popup)).toMatchObject({ ok: true, data: { numbers: [] } });
    // ...requests that need migrated storage answer a clear error, and do nothing.
    const refused = await route({ type: 'checkNow' }, popup);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'storage_not_ready' } });
    // By id: the words are the catalogue's, in the person's language (never the migration's English).
    expect(refused).toEqual({ ok: false, error: { problem: 'errStorageNotReady', kind: 'storage_not_ready' } });
    expect(await route({ type: 'saveToken', token: 'EAAG'.padEnd(60, 'x') }, popup)).toMatchObject({
      ok: false,
      error: { kind: 'storage_not_ready' },
    });
    expect(engine.sweep).not.toHaveBeenCalled();
    expect(engine.saveToken).not.toHaveBeenCalled();
    expect((await fakeBrowser.storage.local.get('schemaVersion')).schemaVersion).toBeUndefined();

    // "Try again" on the options page.
    expect(await route({ type: 'retryMigration' }, popup)).toMatchObject({
      ok: true,
      data: { state: 'done', attempt: 2, from: 1, to: CURRENT_SCHEMA_VERSION },
    });
    expect(onRecovered).toHaveBeenCalledOnce();
    expect((await fakeBrowser.storage.local.get('schemaVersion')).schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect((await tokenStatusItem.getValue()).state).toBe('unchecked');
    expect(await route({ type: 'checkNow' }, popup)).toMatchObject({ ok: true, data: { status: 'done' } });
    expect(engine.sweep).toHaveBeenCalledOnce();
    expect(await route({ type: 'getMigrationStatus' }, popup)).toMatchObject({ ok: true, data: { state: 'done' } });
  });

  it('requests that need migrated storage wait for a migration still running', async () => {
    let finish!: () => void;
    const migrate = () =>
      new Promise<{ from: number; to: number }>((resolve) => (finish = () => resolve({ from: 0, to: CURRENT_SCHEMA_VERSION })));
    const { route, migration, engine } = backgroundOverFakeBrowser({ migrate });
    void migration.run();
    expect(await route({ type: 'getMigrationStatus' }, popup)).toMatchObject({ ok: true, data: { state: 'running' } });
    const reply = route({ type: 'checkNow' }, popup);
    await Promise.resolve();
    expect(engine.sweep).not.toHaveBeenCalled();
    finish();
    expect(await reply).toMatchObject({ ok: true });
    expect(engine.sweep).toHaveBeenCalledOnce();
  });

  it('an alarm retries a failed migration; runs are joined, never overlapping', async () => {
    let failures = 1;
    const migrate = vi.fn(async () => {
      if (failures-- > 0) throw new Error('boom');
      return { from: 2, to: 2 };
    });
    const runner = createMigrationRunner({ migrate, now: () => 1 });
    await expect(runner.ready()).rejects.toMatchObject({ name: 'InfoError', info: { kind: 'storage_not_ready' } });
    expect(migrate).toHaveBeenCalledOnce();
    await expect(runner.ready()).rejects.toMatchObject({ name: 'InfoError', info: { kind: 'storage_not_ready' } }); // no retry unless asked
    await expect(runner.ready({ retryIfFailed: true })).resolves.toBeUndefined();
    const [a, b] = [runner.run(), runner.run()];
    expect(a).toBe(b);
    await a;
    expect(migrate).toHaveBeenCalledTimes(3);
  });

  it('never reports a token that appears in the failure', async () => {
    const token = 'EAAGsecretTokenAbcdefghijklmnopqrstuvwxyz0123456789';
    const runner = createMigrationRunner({ migrate: async () => Promise.reject(new TypeError(`cannot read ${token}`)), now: () => 1 });
    const status = await runner.run();
    expect(status).toMatchObject({ state: 'failed', error: 'TypeError: cannot read [redacted]' });
  });
});
