import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isValidGraphVersion } from '@/lib/graph/config';
import { SettingsPatchSchema } from '@/lib/messages/protocol';
import { settingsItem } from '@/lib/storage/items';
import { defaultSettings } from '@/lib/storage/schemas';
import { backgroundOverFakeBrowser, options } from './support';

beforeEach(() => fakeBrowser.reset());

describe('settings refuse a Graph API version the client would refuse', () => {
  it.each(['v23.0', 'v9.9', 'v24', '24.0', 'latest', 'v24.0 '])('refuses %j with a clear message, and stores nothing', async (version) => {
    expect(isValidGraphVersion(version)).toBe(false);
    const { route, migration } = backgroundOverFakeBrowser();
    await migration.run();
    expect(await route({ type: 'updateSettings', patch: { graphVersion: version } }, options)).toEqual({
      ok: false,
      error: { problem: 'optionsGraphVersionInvalid', values: ['v25.0', 'v24.0'], kind: 'bad_request' },
    });
    expect((await settingsItem.getValue()).graphVersion).toBe(defaultSettings().graphVersion);
  });

  it.each(['v24.0', 'v25.0', 'v31.2'])('accepts %j (the client accepts it too)', async (version) => {
    expect(isValidGraphVersion(version)).toBe(true);
    expect(SettingsPatchSchema.safeParse({ graphVersion: version }).success).toBe(true);
    const { route, migration } = backgroundOverFakeBrowser();
    await migration.run();
    expect(await route({ type: 'updateSettings', patch: { graphVersion: version } }, options)).toEqual({ ok: true, data: { ok: true } });
    expect((await settingsItem.getValue()).graphVersion).toBe(version);
  });
});
