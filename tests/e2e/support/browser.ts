import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { GraphSimulator } from '../../support/simulator';

export const DEFAULT_EXTENSION_DIR = path.resolve(process.env.E2E_EXTENSION_DIR ?? '.output/chrome-mv3');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve('tests/e2e/artifacts');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker(): Promise<Worker>;
  openExtensionPage(page: 'popup.html' | 'options.html', opts?: { colorScheme?: 'light' | 'dark' }): Promise<Page>;
  /** Stops the extension's service worker through the DevTools protocol (as Chrome does when idle). */
  stopServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Launches real headless Chromium with the production build loaded and Meta's hosts
 * (graph.facebook.com, business.facebook.com) mapped to the simulator. Recipe: shared/reference/e2e-recipe.md.
 */
export async function launchExtensionBrowser(
  sim: Pick<GraphSimulator, 'port' | 'spkiHash'>,
  opts: {
    headless?: boolean;
    extensionDir?: string /** UI language, e.g. 'pt-BR' (Debian's Chromium needs chromium-l10n). */;
    lang?: string;
  } = {},
): Promise<ExtensionBrowser> {
  const EXTENSION_DIR = path.resolve(opts.extensionDir ?? DEFAULT_EXTENSION_DIR);
  if (!fs.existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No production build in ${EXTENSION_DIR}: run \`npm run build\` first.`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'waba-health-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: opts.headless ?? true,
    ignoreHTTPSErrors: true,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      `--host-resolver-rules=MAP graph.facebook.com 127.0.0.1:${sim.port},MAP business.facebook.com 127.0.0.1:${sim.port}`,
      // Trust only the simulator's certificate (pages and the extension's service worker alike).
      `--ignore-certificate-errors-spki-list=${sim.spkiHash}`,
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(opts.lang ? [`--lang=${opts.lang}`] : []),
    ],
    ...(opts.lang ? { locale: opts.lang } : {}),
  });
  const initialWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(initialWorker.url()).host;

  return {
    context,
    extensionId,
    async serviceWorker() {
      const live = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
      return live ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
    },
    async openExtensionPage(name, opts = {}) {
      const page = await context.newPage();
      if (opts.colorScheme) await page.emulateMedia({ colorScheme: opts.colorScheme });
      await page.goto(`chrome-extension://${extensionId}/${name}`);
      return page;
    },
    async stopServiceWorker() {
      // DevTools' "Stop" on the extension origin: a CDP session on one of the extension's own pages.
      let page = context.pages().find((p) => p.url().startsWith(`chrome-extension://${extensionId}/`));
      if (!page) {
        page = await context.newPage();
        await page.goto(`chrome-extension://${extensionId}/options.html`);
      }
      const live = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
      const closed = live ? new Promise<void>((resolve) => live.once('close', () => resolve())) : Promise.resolve();
      const cdp = await context.newCDPSession(page);
      try {
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        // Playwright may report the worker's end late; stopping itself is immediate.
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      } finally {
        await cdp.detach();
      }
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}
