import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createDisplayPorts } from '@/lib/background/display-ports';
import { createHandlers } from '@/lib/background/handlers';
import { toErrorInfo } from '@/lib/error-info';
import { startDisplayStatePublisher } from '@/lib/display-state';
import { ensureSweepAlarm, scheduleWake, SWEEP_ALARM, WAKE_ALARM } from '@/lib/engine/alarms';
import { createEngine } from '@/lib/engine/engine';
import { clientPortFactory } from '@/lib/engine/graph-port-client';
import { renderText } from '@/lib/text';
import { parseNotificationId } from '@/lib/engine/notifications';
import { createMessageRouter } from '@/lib/messages/router';
import { generatePin } from '@/lib/registration/pin';
import { onStoresChanged } from '@/lib/storage/db';
import { settingsItem, stores } from '@/lib/storage/items';
import { displaySource } from '@/lib/storage/number-queries';
import { clearExtensionData } from '@/lib/storage/forget';
import { clearDatabase } from '@/lib/storage/db';
import { createMigrationRunner, guardHandlers } from '@/lib/storage/migration-runner';
import { migrateStorage } from '@/lib/storage/migrations';

// Thin wiring only: browser events -> lib/. No state in module variables (MV3 workers die when idle):
// everything lives in IndexedDB and storage.local, timers are alarms, locks are storage entries with expiry.
export default defineBackground(() => {
  const now = () => Date.now();
  const getMessage = (key: string, subs: string[]) => browser.i18n.getMessage(key as never, subs);
  // MV3 `action`; Firefox's MV2 build has `browserAction`.
  const action = () => browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  // Content scripts read nothing stored (IndexedDB is the extension origin's; storage.local is closed to
  // them where the browser allows it); they get the display mirror in storage.session, or ask by message.
  void browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);

  // Runs on every worker start (so a failed migration is retried on each start). A failure is kept for
  // the options page (getMigrationStatus / retryMigration); messages are still answered meanwhile.
  const migration = createMigrationRunner({
    migrate: () => migrateStorage(browser.storage.local),
    now,
    onRecovered: () => start(),
    onError: (error) => console.error('WABA Health: stored data could not be migrated', error),
  });
  void migration.run();

  const env = { runtimeId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, '') };
  // Where content scripts cannot read storage.session (Firefox), they keep a port and are told of changes.
  const displayPorts = createDisplayPorts(env);
  // Live badges on WhatsApp Manager: mirror the sanitised display state (no token, no PINs) into
  // storage.session, the one area content scripts may read (see lib/display-state.ts).
  startDisplayStatePublisher({
    // Read once the stored data is migrated.
    source: {
      tokenState: () => migration.settled().then(() => displaySource.tokenState()),
      numbersByWaba: (ids) => migration.settled().then(() => displaySource.numbersByWaba(ids)),
      wabasOfNumbers: (ids) => displaySource.wabasOfNumbers(ids),
    },
    session: browser.storage.session,
    onChanged: onStoresChanged,
    onPublished: () => displayPorts.notify(),
  });
  browser.runtime.onConnect.addListener((port) => displayPorts.accept(port));

  const engine = createEngine({
    stores,
    graph: clientPortFactory({ fetch: (input, init) => fetch(input, init) }),
    now,
    random: Math.random,
    generatePin: () => generatePin(),
    notify: async (id, notice) => {
      await browser.notifications.create(id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: renderText(notice.title, getMessage),
        message: renderText(notice.message, getMessage),
      });
    },
    setBadge: async (badge) => {
      await action().setBadgeText({ text: badge.text });
      await action().setBadgeBackgroundColor({ color: badge.color });
    },
    scheduleWake: (when) => scheduleWake(browser.alarms, when, now()),
    instanceId: crypto.randomUUID(),
    extensionUrl: (path) => browser.runtime.getURL(path as '/popup.html'),
  });

  const handlers = createHandlers({
    engine,
    stores,
    onIntervalChanged: (minutes) => ensureSweepAlarm(browser.alarms, minutes, { force: true }),
    background: (work) => void work.catch(() => undefined),
    migration,
    display: displaySource,
    clearAll: () =>
      clearExtensionData({
        database: clearDatabase,
        local: browser.storage.local,
        session: browser.storage.session,
        alarms: browser.alarms,
        resetBadge: () => action().setBadgeText({ text: '' }),
      }),
  });
  // Requests that need migrated storage wait for the migration, and answer an error when it failed.
  const route = createMessageRouter(guardHandlers(handlers, migration), { ...env, describeError: toErrorInfo });

  // Also run when a migration that failed at start succeeds later (retry from the options page).
  async function start() {
    const outcome = await migration.settled();
    await ensureSweepAlarm(browser.alarms, (await settingsItem.getValue()).intervalMinutes);
    if (outcome.state === 'done') await engine.recover();
  }
  browser.runtime.onInstalled.addListener(() => void start());
  browser.runtime.onStartup.addListener(() => void start());

  browser.alarms.onAlarm.addListener((alarm) => {
    // A failed migration is retried here too; the alarm's work runs only on migrated storage.
    void migration.ready({ retryIfFailed: true }).then(
      async () => {
        if (alarm.name === SWEEP_ALARM) await engine.sweep({ reason: 'alarm' });
        else if (alarm.name === WAKE_ALARM) await engine.wake();
      },
      () => undefined,
    ); // still failing: recorded in the migration status
  });

  browser.notifications.onClicked.addListener((id) => {
    const target = parseNotificationId(id);
    if (!target) return;
    void engine.notificationUrl(target).then((url) => {
      if (url) void browser.tabs.create({ url });
      else void browser.runtime.openOptionsPage();
      void browser.notifications.clear(id);
    });
  });

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    void route(message, sender).then(sendResponse);
    return true; // keep the channel open for the async answer
  });
});
