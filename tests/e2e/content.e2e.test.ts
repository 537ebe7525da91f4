import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DECOY_NUMBERS, LATE_RENDER_MS, startGraphSimulator } from '../support/simulator';
import { artifactPath, launchExtensionBrowser } from './support/browser';
import { readStoredInPage } from './support/stored';
import { extensionEnvironment } from './support/environment';

// Ids from tests/support/simulator/scenarios/default.json.
const BUSINESS = '1029384756102938';
const WABA_SALES = '115263748291034';
const WABA_SUPPORT = '118374650192837';
const WABA_CLIENT = '120938475610293';
const SALES = ['106540352242901', '106540352242902', '106540352242903', '106540352242904'];
const SUPPORT = ['106540352242905', '106540352242906', '106540352242907', '106540352242908'];
const CLIENT = ['106540352242909', '106540352242910'];
const STUCK_NO_PIN = '106540352242902';
const STUCK_PIN = '106540352242904';
const HEALTHY = '106540352242901';
const PIN = '246810';
const WRONG_PIN = '111111';

/** The PIN from a register call's body (form-encoded or JSON). */
const pinOf = (body: string): string | null => {
  try {
    return body.trim().startsWith('{') ? ((JSON.parse(body) as { pin?: string }).pin ?? null) : new URLSearchParams(body).get('pin');
  } catch {
    return null;
  }
};

interface SpyRecords {
  keys: Array<{ type: string; key?: string; data?: string; value?: string }>;
  messages: string[];
  values: string[];
  walks: number;
  shadowRoots: number;
}

/**
 * A page script in WhatsApp Manager's MAIN world: capture-phase key/input listeners on window, every
 * `message` event, and a walk of every open shadow root reading input/textarea values.
 */
const PAGE_SPY = `(() => {
  const spy = { keys: [], messages: [], values: [], walks: 0, shadowRoots: 0 };
  Object.defineProperty(window, '__spy', { value: spy });
  for (const type of ['keydown', 'keyup', 'keypress', 'input', 'beforeinput', 'paste']) {
    window.addEventListener(type, (e) => {
      const path = e.composedPath ? e.composedPath() : [];
      const target = path[0] || e.target;
      spy.keys.push({ type, key: e.key, data: e.data == null ? undefined : String(e.data),
        value: target && 'value' in target ? String(target.value) : undefined,
        paste: e.clipboardData ? e.clipboardData.getData('text') : undefined });
    }, true);
  }
  window.addEventListener('message', (e) => {
    let text;
    try { text = JSON.stringify({ origin: e.origin, data: e.data }); } catch { text = e.origin + ' ' + String(e.data); }
    spy.messages.push(text);
  }, true);
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) {
        spy.shadowRoots++;
        for (const field of el.shadowRoot.querySelectorAll('input, textarea')) if (field.value) spy.values.push(field.value);
        walk(el.shadowRoot);
      }
    }
  };
  setInterval(() => {
    spy.walks++;
    spy.shadowRoots = 0;
    walk(document);
  }, 25);
})();`;

const B = 'https://business.facebook.com';
const salesUrl = (layout: string) => `${B}/wa/manage/phone-numbers/?waba_id=${WABA_SALES}&business_id=${BUSINESS}&layout=${layout}`;

interface StoredNumber {
  health: string;
  decision: string;
  snapshot?: { display_phone_number?: string };
}

describe('content script on simulated WhatsApp Manager pages', () => {
  const { sim, browser } = extensionEnvironment({
    start: () => startGraphSimulator({ scenario: 'default' }),
    launch: launchExtensionBrowser,
  });
  let tracked: Record<string, StoredNumber>;

  const stored = async (): Promise<Record<string, StoredNumber>> => {
    const sw = await browser.serviceWorker();
    return ((await sw.evaluate(readStoredInPage, 'numbers')) ?? {}) as Record<string, StoredNumber>;
  };
  const badges = (page: Page) => page.locator('waba-health-badge');
  const badge = (page: Page, id: string) => page.locator(`waba-health-badge[data-phone-number-id="${id}"]`);
  const badgeIds = async (page: Page) =>
    (await badges(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-phone-number-id') ?? ''))).sort();
  const open = async (url: string) => {
    const page = await browser.context.newPage();
    await page.goto(url);
    await expect.poll(() => page.locator('waba-health-root').getAttribute('data-state')).toBe('connected');
    return page;
  };
  const registerCalls = (id: string) => sim.requests.filter((r) => r.method === 'POST' && r.path.includes(`/${id}/register`)).length;

  beforeAll(async () => {
    const page = await browser.openExtensionPage('options.html');
    // Registrations in these tests are the page's, not the engine's automatic retries.
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'updateSettings', patch: { autoRetry: false } }));
    const reply = await page.evaluate((token) => chrome.runtime.sendMessage({ type: 'saveToken', token }), sim.tokens.valid);
    expect(reply).toMatchObject({ ok: true });
    await page.close();
    // The first sweep reads every number (expect.poll is not available in hooks).
    const deadline = Date.now() + 30_000;
    for (;;) {
      tracked = await stored();
      const read = Object.values(tracked).filter((n) => n.snapshot?.display_phone_number && n.health !== 'unknown');
      if (read.length >= 9) break;
      if (Date.now() > deadline) throw new Error(`Numbers not read after 30 s: ${JSON.stringify(tracked).slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  it('table layout: one badge per tracked number with the engine’s health, buttons only where registration is due', async () => {
    const page = await open(salesUrl('table'));
    await expect.poll(() => badgeIds(page)).toEqual(SALES);
    for (const id of SALES) {
      await expect(badge(page, id).getAttribute('data-health')).resolves.toBe(tracked[id]!.health);
      const button = badge(page, id).getByRole('button', { name: 'Complete registration' });
      expect(await button.count(), id).toBe(tracked[id]!.decision === 'register' ? 1 : 0);
    }
    expect(tracked[HEALTHY]!.health).toBe('healthy');
    expect(tracked[STUCK_NO_PIN]!).toMatchObject({ health: 'stuck', decision: 'register' });
    // Each badge sits right after the span showing its number; decoys and ids are untouched.
    const placement = await badges(page).evaluateAll((els) => els.map((e) => e.previousElementSibling?.textContent));
    expect(placement.sort()).toEqual(['+1 555-010-0001', '+1 555-010-0002', '+1 555-010-0003', '+55 11 95555-0003']);
    for (const decoy of DECOY_NUMBERS) {
      await expect(page.locator(`span:text-is("${decoy}") + waba-health-badge`).count()).resolves.toBe(0);
    }
    // Open shadow root; nothing added to the page's own elements.
    expect(await badge(page, HEALTHY).evaluate((h) => [h.shadowRoot?.mode, h.childNodes.length])).toEqual(['open', 0]);
    const readable = await badge(page, HEALTHY).getByRole('button', { name: 'WABA Health: Healthy' }).count();
    expect(readable).toBe(1);
    // Banner: the stuck numbers on this page.
    const attention = SALES.filter((id) => ['stuck', 'blocked', 'attention'].includes(tracked[id]!.health)).length;
    await expect.poll(() => page.locator('waba-health-root').getAttribute('data-attention')).toBe(String(attention));
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: `${attention} numbers need attention` })
        .count(),
    ).resolves.toBe(1);
    await page.close();
  });

  it('styles are isolated both ways and sizes do not follow the page’s rem', async () => {
    const page = await open(salesUrl('table'));
    await expect.poll(() => badges(page).count()).toBe(4);
    const pill = badge(page, HEALTHY).getByRole('button', { name: 'WABA Health: Healthy' });
    const before = await pill.boundingBox();
    // The page restyles everything it can reach (DOM APIs only: the page enforces Trusted Types).
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '40px';
      const style = document.createElement('style');
      style.textContent = '*{color:rgb(255,0,0) !important;font-size:3rem !important} button{background:black !important}';
      style.setAttribute('nonce', (document.querySelector('style[nonce]') as HTMLStyleElement | null)?.nonce ?? '');
      document.head.append(style);
    });
    const after = await pill.boundingBox();
    expect(after?.height).toBeCloseTo(before!.height, 0);
    const color = await pill.evaluate((el) => getComputedStyle(el).color);
    expect(color).not.toBe('rgb(255, 0, 0)');
    // And ours do not leak out: the page's own button keeps the page's style.
    const pageButtonBg = await page
      .locator('main table button')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(pageButtonBg).toBe('rgb(0, 0, 0)');
    await page.close();
  });

  it('grid layout with numbers split across spans', async () => {
    const page = await open(salesUrl('grid'));
    await expect.poll(() => badgeIds(page)).toEqual(SALES);
    const before = await badges(page).evaluateAll((els) => els.map((e) => e.previousElementSibling?.textContent));
    expect(before.sort()).toEqual(['-0003', '-010-0001', '-010-0002', '-010-0003']);
    await page.close();
  });

  it('rows rendered late are badged when they appear', async () => {
    const page = await open(`${B}/latest/whatsapp_manager/phone_numbers/?business_id=${BUSINESS}&asset_id=${WABA_CLIENT}&layout=late`);
    expect(await badges(page).count()).toBe(0);
    await page.waitForTimeout(LATE_RENDER_MS);
    await expect.poll(() => badgeIds(page)).toEqual(CLIENT);
    await page.close();
  });

  it('follows pushState / popstate navigation without a reload or duplicates', async () => {
    const page = await open(salesUrl('spa'));
    await expect.poll(() => badgeIds(page)).toEqual(SALES);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    for (let i = 0; i < 3; i++) {
      await page.getByRole('link', { name: 'Acme Bakery - Support' }).click();
      await expect.poll(() => badgeIds(page)).toEqual(SUPPORT);
      await page.goBack(); // popstate
      await expect.poll(() => badgeIds(page)).toEqual(SALES);
    }
    await page.getByRole('link', { name: 'Northwind Clinics' }).click();
    await expect.poll(() => badgeIds(page)).toEqual(CLIENT);
    expect(new URL(page.url()).searchParams.get('waba_id')).toBe(WABA_CLIENT);
    // Same document throughout: no reload happened.
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    expect(await page.locator('waba-health-root').count()).toBe(1);
    await page.close();
  });

  it('every route: dormant on a Business Suite page, badges after in-app navigation into WhatsApp Manager (pushState), asleep again on the way out', async () => {
    const page = await browser.context.newPage();
    await page.goto(`https://business.facebook.com/latest/home?layout=suite&business_id=${BUSINESS}`);
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('waba-health:dormant').length)).toBe(1);
    // Dormant: no root, no badge, no scan.
    expect(await page.locator('waba-health-root').count()).toBe(0);
    expect(
      await page.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('waba-health:scan')).length),
    ).toBe(0);

    // Meta's app moves into WhatsApp Manager with history.pushState: no reload (the page's own state survives).
    await page.evaluate(() => Object.defineProperty(window, '__samePage', { value: true }));
    await page.getByRole('link', { name: 'WhatsApp Manager' }).click();
    expect(page.url()).toContain('/latest/whatsapp_manager/phone_numbers/');
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    await expect.poll(() => badgeIds(page), { timeout: 10_000 }).toEqual(SALES);
    expect(await page.evaluate(() => performance.getEntriesByName('waba-health:awake').length)).toBe(1);
    await expect.poll(() => page.locator('waba-health-root').getAttribute('data-state')).toBe('connected');

    // Back to Business Suite's home (pushState): asleep, badges and root gone, the observer stopped.
    await page.getByRole('link', { name: 'Home' }).click();
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('waba-health:dormant').length)).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    expect(await page.locator('waba-health-badge').count()).toBe(0);
    expect(await page.locator('waba-health-root').count()).toBe(0);
    const scansBefore = await page.evaluate(
      () => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('waba-health:scan')).length,
    );
    // A tracked number appearing now (outside WhatsApp Manager) is neither scanned nor badged.
    await page.evaluate((display) => {
      const p = document.createElement('p');
      p.id = 'outside-wam';
      p.textContent = display;
      document.body.append(p);
    }, '+1 555-010-0001');
    await page.waitForTimeout(400);
    expect(await page.locator('waba-health-badge').count()).toBe(0);
    expect(
      await page.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('waba-health:scan')).length),
    ).toBe(scansBefore);

    // And back again with the browser's back button (popstate): awake, badges back.
    await page.evaluate(() => document.getElementById('outside-wam')?.remove());
    await page.goBack();
    await expect.poll(() => badgeIds(page), { timeout: 10_000 }).toEqual(SALES);
    await page.close();
  });

  it('no duplicates after repeated re-renders; a badge goes when its number leaves the page', async () => {
    const page = await open(salesUrl('table'));
    await expect.poll(() => badgeIds(page)).toEqual(SALES);
    await page.evaluate(async () => {
      const tbody = document.querySelector('table.wam-table tbody')!;
      for (let i = 0; i < 10; i++) {
        // Re-render the list the way a framework would: new nodes for the same rows (badges not cloned).
        const rows = [...tbody.querySelectorAll('tr')].map((tr) => {
          const clone = tr.cloneNode(true) as HTMLElement;
          clone.querySelectorAll('waba-health-badge').forEach((b) => b.remove());
          return clone;
        });
        tbody.replaceChildren(...rows);
        await new Promise((r) => setTimeout(r, i % 3 === 0 ? 120 : 5));
      }
    });
    await page.waitForTimeout(300);
    expect(await badgeIds(page)).toEqual(SALES);
    // Remove the healthy number's row and turn a decoy into an untracked variant: exactly one badge less.
    await page.evaluate(() => {
      const span = [...document.querySelectorAll('table.wam-table span')].find((s) => s.textContent === '+1 555-010-0001')!;
      span.closest('tr')!.remove();
    });
    await expect.poll(() => badgeIds(page)).toEqual(SALES.filter((id) => id !== HEALTHY));
    // Text edited in place to another tracked number: the badge follows.
    await page.evaluate(() => {
      const span = [...document.querySelectorAll('table.wam-table span')].find((s) => s.textContent === '+1 555-010-0003')!;
      span.firstChild!.nodeValue = '+1 555-010-0999';
    });
    await expect.poll(() => badgeIds(page)).toEqual([STUCK_NO_PIN, STUCK_PIN]);
    await page.close();
  });

  it('a page script cannot start a registration', async () => {
    const page = await open(salesUrl('table'));
    await expect.poll(() => badge(page, STUCK_NO_PIN).count()).toBe(1);
    const before = registerCalls(STUCK_NO_PIN);
    await page.evaluate((id) => {
      const host = document.querySelector(`waba-health-badge[data-phone-number-id="${id}"]`)!;
      const button = [...host.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Complete registration')!;
      button.click();
      button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      window.postMessage({ type: 'completeRegistration', phoneId: id }, '*');
    }, STUCK_NO_PIN);
    await page.waitForTimeout(1_000);
    expect(registerCalls(STUCK_NO_PIN)).toBe(before);
    await page.close();
  });

  it('completes a registration from the page; the PIN is typed in the extension’s frame, which page scripts cannot read', async () => {
    const page = await browser.context.newPage();
    // A hostile page script in the page's own (MAIN) world, installed before any of the page's scripts.
    await page.addInitScript(PAGE_SPY);
    await page.goto(salesUrl('table'));
    await expect.poll(() => page.locator('waba-health-root').getAttribute('data-state')).toBe('connected');
    await expect.poll(() => badge(page, STUCK_PIN).count()).toBe(1);
    const b = badge(page, STUCK_PIN);
    const pinCalls = (pin: string) =>
      sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${STUCK_PIN}/register`) && pinOf(r.body) === pin).length;

    await b.getByRole('button', { name: 'Complete registration' }).click();
    // The badge shows the extension's frame, with an accessible title; nothing to type into in Meta's page.
    const iframe = b.locator('iframe');
    await iframe.waitFor();
    expect(await iframe.getAttribute('title')).toBe('WABA Health: enter the two-step verification PIN');
    expect(await iframe.getAttribute('src')).toBe(`chrome-extension://${browser.extensionId}/pin-prompt.html?phoneId=${STUCK_PIN}`);
    expect(await b.evaluate((h) => h.shadowRoot!.querySelectorAll('input, textarea, form').length)).toBe(0);
    // The frame's document is the extension's: the page cannot reach into it.
    expect(await iframe.evaluate((f: HTMLIFrameElement) => f.contentDocument)).toBeNull();
    // The page forging the frame's outcome is ignored (wrong source and origin).
    await page.evaluate(
      (id) => window.postMessage({ type: 'waba-health:pin-result', phoneId: id, reply: { status: 'registered' } }, '*'),
      STUCK_PIN,
    );
    await page.waitForTimeout(300);
    expect(await b.locator('iframe').count()).toBe(1);
    expect(await b.locator('[role=status]').textContent()).toBe('');
    const frame = b.frameLocator('iframe');
    const pin = frame.getByRole('textbox', { name: /PIN/ });
    await expect.poll(() => pin.count()).toBe(1);
    expect(await pin.getAttribute('inputmode')).toBe('numeric');
    await page.screenshot({ path: artifactPath('content-pin-frame.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: artifactPath('content-pin-frame-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    // Six digits only.
    await pin.pressSequentially('12ab');
    await frame.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => frame.getByRole('alert').textContent()).toBe('The PIN has 6 digits.');
    await pin.fill('');

    // A wrong PIN: Meta's code in the frame, asked again there.
    await pin.pressSequentially(WRONG_PIN);
    await pin.press('Enter');
    await expect.poll(() => frame.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('133005');
    expect(pinCalls(WRONG_PIN)).toBe(1);
    expect(await pin.inputValue()).toBe('');

    // The right one, typed key by key.
    await pin.pressSequentially(PIN, { delay: 30 });
    await frame.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => b.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/^Registered\./);
    expect(await b.locator('iframe').count()).toBe(0); // the frame is gone once the badge has the outcome
    expect(pinCalls(PIN)).toBe(1);
    await expect.poll(() => sim.phone(STUCK_PIN).status, { timeout: 10_000 }).toBe('CONNECTED');
    await page.screenshot({ path: artifactPath('content-register-pin.png') });

    // What the page script saw: the outcome message (so it was listening), and not one typed key.
    await page.waitForTimeout(300); // one more walk of the shadow roots
    const seen = await page.evaluate(() => (window as unknown as { __spy: SpyRecords }).__spy);
    expect(seen.walks).toBeGreaterThan(5);
    expect(seen.shadowRoots).toBeGreaterThan(0);
    const fromFrame = seen.messages.filter((m) => m.startsWith(`{"origin":"chrome-extension://${browser.extensionId}"`));
    expect(fromFrame).toHaveLength(1); // the outcome, which the page may see: it carries no PIN
    expect(fromFrame[0]).toContain('"status":"registered"');
    const all = JSON.stringify(seen);
    for (const secret of [PIN, WRONG_PIN, '12ab']) expect(all).not.toContain(secret);
    const typed = new Set([...PIN, ...WRONG_PIN, 'a', 'b', 'Enter']);
    expect(seen.keys.filter((k) => typed.has(k.key ?? '') || typed.has(k.data ?? '') || /\d{2,}/.test(k.value ?? ''))).toEqual([]);
    expect(seen.values.filter((v) => /\d/.test(v))).toEqual([]);
    // Positive control: the same spy does see keys typed into the page itself.
    await page.locator('body').press('z');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __spy: SpyRecords }).__spy.keys.some((k) => k.key === 'z')))
      .toBe(true);

    // The number without a PIN: one click.
    const c = badge(page, STUCK_NO_PIN);
    await c.getByRole('button', { name: 'Complete registration' }).click();
    await expect.poll(() => c.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/^Registered\./);
    expect(registerCalls(STUCK_NO_PIN)).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('the PIN frame cannot be loaded by another site', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://graph.facebook.com/');
    const url = `chrome-extension://${browser.extensionId}/pin-prompt.html?phoneId=${STUCK_PIN}`;
    await page.evaluate((src) => {
      const f = document.createElement('iframe');
      f.src = src;
      document.body.append(f);
    }, url);
    await page.waitForTimeout(1_000);
    const child = page.frames().find((f) => f !== page.mainFrame());
    expect(child).toBeDefined();
    expect(child!.url()).not.toBe(url); // Chromium: chrome-error://chromewebdata/ (ERR_BLOCKED_BY_CLIENT)
    expect(await page.frameLocator('iframe').getByRole('textbox').count()).toBe(0);
    await page.close();
  });

  it('updates badges live when the background’s state changes, without a reload', async () => {
    const page = await open(salesUrl('table'));
    await expect.poll(() => badge(page, HEALTHY).getAttribute('data-health')).toBe('healthy');
    // Pushed through storage.session (not the visibility/poll fallback).
    await expect.poll(() => page.locator('waba-health-root').getAttribute('data-live')).toBe('session');
    sim.setPhoneField(HEALTHY, 'status', 'BANNED');
    const ext = await browser.openExtensionPage('popup.html');
    await ext.evaluate(() => chrome.runtime.sendMessage({ type: 'checkNow' }));
    await ext.close();
    await expect.poll(async () => (await stored())[HEALTHY]?.health, { timeout: 20_000 }).toBe('blocked');
    await expect.poll(() => badge(page, HEALTHY).getAttribute('data-health'), { timeout: 10_000 }).toBe('blocked');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await page.close();
  });

  it('screenshot of a badged page with the details popover open', async () => {
    const page = await open(`${B}/wa/manage/phone-numbers/?waba_id=${WABA_SUPPORT}&business_id=${BUSINESS}`);
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect.poll(() => badgeIds(page)).toEqual(SUPPORT);
    await page.screenshot({ path: artifactPath('content-badges.png') });
    await badge(page, SUPPORT[0]!)
      .getByRole('button', { name: /^WABA Health:/ })
      .click();
    await expect(page.getByRole('dialog').count()).resolves.toBe(1);
    await expect(page.getByRole('dialog').getByRole('link', { name: 'Details in WhatsApp Manager' }).getAttribute('href')).resolves.toMatch(
      /^https:\/\/business\.facebook\.com\/latest\/whatsapp_manager\/phone_numbers\/\?business_id=\d+&asset_id=118374650192837$/,
    );
    await page.screenshot({ path: artifactPath('content-badges-popover.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(false);
    await page.close();
  });
});
