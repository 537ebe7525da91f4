/**
 * In-browser benchmarks on the production build in headless Chromium, on a browser whose extension read
 * the simulator's numbers itself (1,000 or 10,000): token to first sweep done, what the origin stores,
 * popup and options first paint and heap, and the content script's scan of a 2,000-row WhatsApp Manager page.
 */
import type { GraphSimulator } from '../tests/support/simulator';
import { launchExtensionBrowser, type ExtensionBrowser } from '../tests/e2e/support/browser';

export interface PopupRun {
  firstRowMs: number;
  heapBytes: number;
}

export interface ContentRun {
  initialScanMs: number;
  /** Read (detection) and write (badges) parts of the initial scan, its tasks and the longest one. */
  initialReadMs: number;
  initialWriteMs: number;
  initialTasks: number;
  longestTaskMs: number;
  burstMs: number;
  badges: number;
}

/** A browser whose extension found and read every number of the simulator itself (token saved, first sweep done). */
export interface PopulatedBrowser {
  browser: ExtensionBrowser;
  /** From "save token" to the first sweep finished (discovery included), in the browser: real IndexedDB. */
  tokenToSweptMs: number;
  /** What the extension's origin stores after it (IndexedDB and the rest, `navigator.storage.estimate()`). */
  originBytes: number;
  /** storage.local's bytes (settings, engine state, the schema version). */
  localBytes: number;
  numbers: number;
  /** Display numbers of the tracked numbers (for a WhatsApp Manager-like page). */
  displays: string[];
}

export async function populateBrowser(sim: GraphSimulator): Promise<PopulatedBrowser> {
  const browser = await launchExtensionBrowser(sim);
  const page = await browser.openExtensionPage('options.html');
  const result = await page.evaluate(async (token) => {
    const t0 = performance.now();
    await chrome.runtime.sendMessage({ type: 'saveToken', token });
    for (;;) {
      const { engine } = (await chrome.storage.local.get('engine')) as {
        engine?: { sweep?: { lastFinishedAt?: number; running?: unknown } };
      };
      if (engine?.sweep?.lastFinishedAt && !engine.sweep.running) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const tokenToSweptMs = performance.now() - t0;
    const reply = (await chrome.runtime.sendMessage({ type: 'getDisplayState' })) as {
      data: { numbers: Array<{ displayPhoneNumber?: string }> };
    };
    const estimate = await navigator.storage.estimate();
    return {
      tokenToSweptMs,
      originBytes: estimate.usage ?? Number.NaN,
      localBytes: await chrome.storage.local.getBytesInUse(null),
      numbers: reply.data.numbers.length,
      displays: reply.data.numbers.map((n) => n.displayPhoneNumber).filter((d): d is string => !!d),
    };
  }, sim.tokens.valid);
  await page.close();
  return { browser, ...result };
}

/** Navigation start to the first element matching `selector` in the DOM, per run (run 0 warms up), and the heap then. */
async function firstPaint(
  populated: PopulatedBrowser,
  path: string,
  selector: string,
  runs: number,
  viewport: { width: number; height: number },
): Promise<PopupRun[]> {
  const { browser } = populated;
  const results: PopupRun[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const page = await browser.context.newPage();
    // In-page clock: a MutationObserver installed before any page script notes when the element enters the
    // DOM, in ms since the navigation started (performance.now()'s origin).
    await page.addInitScript((sel) => {
      const w = window as unknown as { __firstAt?: number };
      new MutationObserver((_, observer) => {
        if (document.querySelector(sel)) {
          w.__firstAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, selector);
    await page.setViewportSize(viewport);
    await page.goto(`chrome-extension://${browser.extensionId}/${path}`, { waitUntil: 'commit' });
    await page.locator(selector).first().waitFor({ state: 'attached', timeout: 30_000 });
    const firstMs = await page.evaluate(() => (window as unknown as { __firstAt?: number }).__firstAt ?? Number.NaN);
    // The heap once the page settled (the popup reads every summary after its first screen).
    await page.waitForTimeout(1_000);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    await cdp.detach();
    await page.close();
    if (i > 0) results.push({ firstRowMs: firstMs, heapBytes: heap.usedSize });
  }
  return results;
}

/** The popup: navigation to the first number's row. */
export const benchPopup = (populated: PopulatedBrowser, runs: number) =>
  firstPaint(populated, 'popup.html', '[data-phone-number-id]', runs, { width: 420, height: 600 });

/** The options page: navigation to the first WhatsApp Business Account listed in its accounts section. */
export const benchOptions = (populated: PopulatedBrowser, runs: number) =>
  firstPaint(populated, 'options.html', 'section[aria-labelledby="accounts-heading"] li[aria-labelledby^="waba-"]', runs, {
    width: 1000,
    height: 800,
  });

/** A WhatsApp Manager-like page with `rows` rows: tracked numbers (formatted as Meta does) and decoys. */
export function managerPageHtml(displayNumbers: string[], rows: number): string {
  const cells: string[] = [];
  for (let i = 0; i < rows; i++) {
    const tracked = i % 2 === 0;
    const number = tracked
      ? displayNumbers[(i / 2) % displayNumbers.length]!
      : `+1 555-9${String(i).padStart(2, '0').slice(-2)}-${String(1000 + i).slice(-4)}`;
    cells.push(
      `<tr><td><div><span>${number}</span></div></td><td>Name ${i}</td><td>Connected</td><td>ID ${1_000_000_000_000 + i}</td><td>2026-07-${String((i % 28) + 1).padStart(2, '0')}</td></tr>`,
    );
  }
  return `<!doctype html><html><head><title>Phone numbers</title></head><body><h1>Phone numbers</h1><table id="rows"><tbody>${cells.join('')}</tbody></table></body></html>`;
}

interface ScanMark {
  kind: 'full' | 'burst' | 'continue';
  readMs: number;
  writeMs: number;
  pending: number;
  badges: number;
}

const BENCH_PAGE = 'https://business.facebook.com/wa/manage/phone-numbers/?bench=1';

/**
 * The content script's own scan timings (performance marks it records) on a 2,000-row page: the initial
 * scan (all slices until nothing is pending) and one burst of 20 re-rendered rows.
 */
export async function benchContentScript(populated: PopulatedBrowser, runs: number): Promise<ContentRun[]> {
  const { browser, displays: displayNumbers } = populated;
  {
    const html = managerPageHtml(displayNumbers, 2000);
    await browser.context.route('https://business.facebook.com/wa/manage/phone-numbers/?bench=1', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    const marks = (page: import('playwright-core').Page) =>
      page.evaluate(() =>
        performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('waba-health:scan:'))
          .map((m) => (m as PerformanceMark).detail as ScanMark),
      );
    const results: ContentRun[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const page = await browser.context.newPage();
      await page.goto(BENCH_PAGE);
      // Wait until the first scan with the tracked numbers has finished all its slices.
      let initial: ScanMark[] = [];
      for (let t = 0; t < 200; t++) {
        const all = await marks(page);
        const withNumbers = all.findIndex((m) => m.badges > 0 || m.kind !== 'full');
        initial = withNumbers >= 0 ? all.slice(Math.max(0, withNumbers - 1)) : [];
        if (initial.length && initial.at(-1)!.pending === 0 && initial.at(-1)!.badges > 0) break;
        await page.waitForTimeout(50);
      }
      const before = (await marks(page)).length;
      await page.evaluate(() => {
        // A re-render of 20 rows, as Meta's list does: old rows replaced by new elements with the same text.
        const rows = Array.from(document.querySelectorAll('#rows tr')).slice(100, 120);
        for (const row of rows) {
          // The page's own markup only (our badge hosts are not part of Meta's render).
          const fresh = row.cloneNode(true) as Element;
          for (const host of fresh.querySelectorAll('waba-health-badge')) host.remove();
          row.replaceWith(fresh);
        }
      });
      let burst: ScanMark | undefined;
      for (let t = 0; t < 100 && !burst; t++) {
        burst = (await marks(page)).slice(before).find((m) => m.kind === 'burst');
        if (!burst) await page.waitForTimeout(20);
      }
      const badges = await page.evaluate(() => document.querySelectorAll('waba-health-badge[data-phone-number-id]').length);
      await page.close();
      if (i === 0) continue; // warm-up
      const tasks = initial.filter((m) => m.kind !== 'burst');
      results.push({
        initialScanMs: tasks.reduce((n, m) => n + m.readMs + m.writeMs, 0),
        initialReadMs: tasks.reduce((n, m) => n + m.readMs, 0),
        initialWriteMs: tasks.reduce((n, m) => n + m.writeMs, 0),
        initialTasks: tasks.length,
        longestTaskMs: Math.max(...tasks.map((m) => m.readMs + m.writeMs)),
        burstMs: burst ? burst.readMs + burst.writeMs : Number.NaN,
        badges,
      });
    }
    return results;
  }
}

/**
 * The content script on a Business Suite page outside WhatsApp Manager: what its start costs before it
 * goes dormant (its `waba-health:dormant` mark carries the milliseconds of main()), per run.
 */
export async function benchDormant(sim: GraphSimulator, runs: number): Promise<number[]> {
  const browser = await launchExtensionBrowser(sim);
  try {
    const results: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const page = await browser.context.newPage();
      await page.goto('https://business.facebook.com/latest/home?bench=1');
      let ms: number | undefined;
      for (let t = 0; t < 100 && ms === undefined; t++) {
        ms = await page.evaluate(
          () => (performance.getEntriesByName('waba-health:dormant')[0] as PerformanceMark | undefined)?.detail?.ms as number | undefined,
        );
        if (ms === undefined) await page.waitForTimeout(20);
      }
      await page.close();
      if (i > 0 && ms !== undefined) results.push(ms); // run 0 warms up
    }
    return results;
  } finally {
    await browser.close();
  }
}
