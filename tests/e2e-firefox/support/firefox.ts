import { readStoredInPage } from '../../e2e/support/stored';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import type { GraphSimulator } from '../../support/simulator';

/**
 * Real Firefox ESR (Debian's firefox-esr) driven headless by puppeteer-core over WebDriver BiDi, with the
 * Firefox build of the extension installed as a temporary add-on. Recipe: shared/reference/firefox/README.md.
 */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = path.resolve(
  process.env.E2E_FIREFOX_EXTENSION_DIR ?? path.join(process.env.WXT_OUT_DIR ?? '.output', 'firefox-mv2'),
);
export const GECKO_ID = 'waba-health@waba-health.app';
/** Fixed through the `extensions.webextensions.uuids` pref, so extension pages have a known origin. */
export const EXTENSION_UUID = '7a3f1c2e-5b6d-4e8f-9a0b-1c2d3e4f5a6b';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;
export const ARTIFACTS_DIR = path.resolve('tests/e2e/artifacts');

const META_HOSTS = ['graph.facebook.com', 'business.facebook.com'];

export interface FirefoxExtension {
  browser: Browser;
  /** Opens popup.html / options.html in a new tab (Firefox sends no BiDi navigation events for them). */
  openExtensionPage(file: 'popup.html' | 'options.html'): Promise<Page>;
  /** Opens a web page (Meta's hosts go to the simulator) in a new tab. */
  openPage(url: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * An HTTP CONNECT proxy that tunnels only graph.facebook.com:443 and business.facebook.com:443 to the
 * simulator (so no root port 443 and no DNS change are needed); every other host is refused.
 */
async function startConnectProxy(simPort: number): Promise<net.Server> {
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (head) => {
      const host = /^CONNECT ([^:\s]+):443 HTTP/.exec(head.toString('latin1'))?.[1];
      if (!host || !META_HOSTS.includes(host)) {
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const upstream = net.connect(simPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
    });
  });
  const close = proxy.close.bind(proxy);
  // Closing must not wait for keep-alive tunnels Firefox still holds.
  proxy.close = ((cb?: (err?: Error) => void) => {
    for (const s of sockets) s.destroy();
    return close(cb);
  }) as typeof proxy.close;
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}

export async function launchFirefoxExtension(
  sim: Pick<GraphSimulator, 'port'>,
  opts: { headless?: boolean; extensionDir?: string } = {},
): Promise<FirefoxExtension> {
  const extensionDir = path.resolve(opts.extensionDir ?? FIREFOX_EXTENSION_DIR);
  if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`No Firefox build in ${extensionDir}: run \`npm run build:firefox\` first.`);
  }
  if (!fs.existsSync(FIREFOX_PATH)) throw new Error(`No Firefox at ${FIREFOX_PATH}: apt-get install -y firefox-esr`);

  const proxy = await startConnectProxy(sim.port);
  const proxyPort = (proxy.address() as net.AddressInfo).port;
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: opts.headless ?? true,
      // Session-wide: pages, extension pages and the background page's fetches accept the simulator's certificate.
      acceptInsecureCerts: true,
      defaultViewport: { width: 1280, height: 900 },
      // Without it BiDi refuses to navigate to moz-extension:// URLs.
      args: ['--remote-allow-system-access'],
      protocolTimeout: 60_000,
      extraPrefsFirefox: {
        'xpinstall.signatures.required': false,
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
        // Headless closes system notifications at once (getAll() would stay empty).
        'alerts.useSystemBackend': false,
        'network.trr.mode': 5,
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxyPort,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': false,
        'network.proxy.share_proxy_settings': false,
      },
    });
    const installed = await browser.installExtension(extensionDir);
    if (installed !== GECKO_ID) throw new Error(`installed ${installed}, expected ${GECKO_ID}`);
  } catch (error) {
    await browser?.close().catch(() => undefined);
    proxy.close();
    throw error;
  }
  const b = browser;

  return {
    browser: b,
    async openExtensionPage(file) {
      const page = await b.newPage();
      // page.goto() would wait for navigation events Firefox never sends for extension pages (Bug 1755014):
      // navigate through the BiDi browsing context (a Puppeteer internal, hence the pinned version).
      const frame = page.mainFrame() as unknown as { browsingContext: { navigate(url: string, wait: 'complete'): Promise<unknown> } };
      await frame.browsingContext.navigate(`${EXTENSION_ORIGIN}/${file}`, 'complete');
      return page;
    },
    async openPage(url) {
      const page = await b.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    async close() {
      await b.close().catch(() => undefined);
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

/** What an extension page sees as `browser` (typed loosely: these callbacks run inside Firefox). */
interface BackgroundWindow {
  browser: {
    storage: { local: { get(key: string | null): Promise<Record<string, unknown>> } };
    notifications: { getAll(): Promise<Record<string, { title?: string; message?: string }>> };
    browserAction?: { getBadgeText(d: object): Promise<string> };
    action?: { getBadgeText(d: object): Promise<string> };
    alarms: { get(name: string): Promise<{ scheduledTime: number } | undefined> };
    runtime: { getManifest(): Record<string, unknown> };
  };
  location: Location;
}

/** Helpers that reach the background page from an extension page (BiDi cannot target it directly). */
export interface ExtensionDriver {
  page: Page;
  send<T = unknown>(message: Record<string, unknown>): Promise<{ ok: boolean; data?: T; error?: { message: string } }>;
  storage<T = unknown>(key: string): Promise<T>;
  notifications(): Promise<Record<string, { title?: string; message?: string }>>;
  badgeText(): Promise<string>;
  /** When the sweep alarm fires next (ms since epoch), and the background's clock. */
  sweepAlarm(): Promise<{ scheduledTime?: number; now: number }>;
  manifest(): Promise<Record<string, unknown> & { backgroundUrl: string }>;
}

export async function driveExtension(ext: FirefoxExtension): Promise<ExtensionDriver> {
  const page = await ext.openExtensionPage('options.html');
  // Everything below runs inside the extension page; `browser` is its WebExtension global.
  return {
    page,
    send: (message) =>
      page.evaluate(
        (m) =>
          (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<never> } } }).browser.runtime.sendMessage(m),
        message,
      ),
    storage: async (key) => (await page.evaluate(readStoredInPage, key)) as never,
    notifications: () =>
      page.evaluate(async () => {
        const w = await (
          globalThis as unknown as { browser: { runtime: { getBackgroundPage(): Promise<BackgroundWindow> } } }
        ).browser.runtime.getBackgroundPage();
        // JSON round trip: the background's objects belong to another window.
        return JSON.parse(JSON.stringify(await w.browser.notifications.getAll()));
      }),
    badgeText: () =>
      page.evaluate(async () => {
        const w = await (
          globalThis as unknown as { browser: { runtime: { getBackgroundPage(): Promise<BackgroundWindow> } } }
        ).browser.runtime.getBackgroundPage();
        const action = w.browser.browserAction ?? w.browser.action;
        return action!.getBadgeText({});
      }),
    sweepAlarm: () =>
      page.evaluate(async () => {
        const w = await (
          globalThis as unknown as { browser: { runtime: { getBackgroundPage(): Promise<BackgroundWindow> } } }
        ).browser.runtime.getBackgroundPage();
        const alarm = await w.browser.alarms.get('waba-health:sweep');
        return { scheduledTime: alarm?.scheduledTime, now: Date.now() };
      }),
    manifest: () =>
      page.evaluate(async () => {
        const w = await (
          globalThis as unknown as { browser: { runtime: { getBackgroundPage(): Promise<BackgroundWindow> } } }
        ).browser.runtime.getBackgroundPage();
        return JSON.parse(JSON.stringify({ ...w.browser.runtime.getManifest(), backgroundUrl: w.location.href }));
      }),
  };
}

/** The first element matching `selector` (optionally inside the open shadow root of `host`) whose text is `text`. */
export async function byText(page: Page, selector: string, text: string, opts: { within?: string; shadowHost?: string } = {}) {
  const handle = await page.evaluateHandle(
    (sel, txt, within, shadowHost) => {
      let root: ParentNode | null = document;
      if (shadowHost) root = document.querySelector(shadowHost)?.shadowRoot ?? null;
      if (root && within) root = root.querySelector(within);
      const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
      return (
        [...(root?.querySelectorAll(sel) ?? [])].find((e) => norm(e.textContent) === txt || e.getAttribute('aria-label') === txt) ?? null
      );
    },
    selector,
    text,
    opts.within ?? '',
    opts.shadowHost ?? '',
  );
  return handle.asElement() as ElementHandle<Element> | null;
}

/** The form control labelled `label` (a `<label for>`). */
export async function byLabel(page: Page, label: string) {
  const handle = await page.evaluateHandle((txt) => {
    const l = [...document.querySelectorAll('label')].find((e) => e.textContent?.trim() === txt);
    return l?.control ?? null;
  }, label);
  return handle.asElement() as ElementHandle<Element> | null;
}

/** Clicks like a user (trusted input through BiDi), after bringing the tab to the front. */
export async function clickText(page: Page, selector: string, text: string, opts: { within?: string; shadowHost?: string } = {}) {
  await page.bringToFront();
  const element = await byText(page, selector, text, opts);
  if (!element) throw new Error(`no ${selector} "${text}"${opts.within ? ` in ${opts.within}` : ''}`);
  await element.click();
}

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}

/** Form fields of a logged request body (JSON or form-encoded). */
export function bodyFields(body: string): Record<string, unknown> {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(new URLSearchParams(body));
  }
}
