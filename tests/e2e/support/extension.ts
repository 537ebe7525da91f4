import type { Page, Worker } from 'playwright-core';
import type { ExtensionBrowser } from './browser';
import { readStoredInPage } from './stored';

/** Helpers that drive the real extension the way its own pages do (runtime messages, stored data). */
export interface ExtensionDriver {
  page: Page;
  send<T = unknown>(message: Record<string, unknown>): Promise<{ ok: boolean; data?: T; error?: { message: string } }>;
  /** "Check now" until a sweep really ran (one may already be running). */
  checkNow(): Promise<{ status: string; calls?: number }>;
  storage<T = unknown>(key: string): Promise<T>;
  worker(): Promise<Worker>;
  notificationIds(): Promise<string[]>;
  badgeText(): Promise<string>;
}

export async function driveExtension(browser: ExtensionBrowser): Promise<ExtensionDriver> {
  const page = await browser.openExtensionPage('options.html');
  const send: ExtensionDriver['send'] = (message) => page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  const driver: ExtensionDriver = {
    page,
    send,
    async checkNow() {
      for (let i = 0; i < 60; i++) {
        const reply = await send<{ status: string; reason?: string; calls?: number }>({ type: 'checkNow' });
        if (!reply.ok) throw new Error(`checkNow failed: ${reply.error?.message}`);
        if (reply.data?.status !== 'skipped' || reply.data.reason !== 'running') return reply.data!;
        await page.waitForTimeout(250);
      }
      throw new Error('a sweep stayed running for 15 s');
    },
    storage: async (key) => (await page.evaluate(readStoredInPage, key)) as never,
    worker: () => browser.serviceWorker(),
    async notificationIds() {
      const sw = await browser.serviceWorker();
      return Object.keys(await sw.evaluate(() => chrome.notifications.getAll()));
    },
    async badgeText() {
      const sw = await browser.serviceWorker();
      return sw.evaluate(() => chrome.action.getBadgeText({}));
    },
  };
  return driver;
}
