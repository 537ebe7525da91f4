/**
 * `npm run demo` — the whole product with no Meta account.
 *
 * Builds (via the npm script), starts the Graph API simulator with the default scenario (stuck,
 * display-name-pending, PIN-protected, banned, flagged and healthy numbers, WhatsApp Manager pages), and
 * opens Chromium with the extension loaded and Meta's hosts mapped to the simulator; the demo token is
 * pre-filled on the options page, one click away.
 *
 * `npm run demo -- --headless --screenshots DIR` (machines without a display): walks the journeys
 * headless and writes screenshots to DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startGraphSimulator, type GraphSimulator } from '../tests/support/simulator';
import { launchExtensionBrowser, type ExtensionBrowser } from '../tests/e2e/support/browser';
import { ACME_BUSINESS, IDS, SALES_WABA, STUCK_PIN_VALUE } from '../tests/e2e/support/default-scenario';

const STUCK_PIN = IDS.stuckPin;
const MANAGER_URL = `https://business.facebook.com/wa/manage/phone-numbers/?waba_id=${SALES_WABA}&business_id=${ACME_BUSINESS}`;

interface Options {
  headless: boolean;
  screenshots?: string;
  port: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { headless: false, port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--headless') opts.headless = true;
    else if (arg === '--screenshots') opts.screenshots = argv[++i];
    else if (arg === '--port') opts.port = Number(argv[++i]);
    else if (arg === '--help' || arg === '-h') {
      console.log('Usage: npm run demo [-- --headless --screenshots DIR] [--port N]');
      process.exit(0);
    } else throw new Error(`Unknown argument: ${arg}`);
  }
  if (opts.headless && !opts.screenshots) opts.screenshots = 'demo-screenshots';
  return opts;
}

const step = (text: string) => console.log(`• ${text}`);

async function waitForNumbers(page: Page, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const numbers = await page.evaluate(async () => (await chrome.storage.local.get('numbers')).numbers ?? {});
    if (Object.keys(numbers).length >= count) return;
    if (Date.now() > deadline) throw new Error('the first sweep did not finish in 30 s');
    await page.waitForTimeout(200);
  }
}

/** The headless walk: each journey a person would take, with a screenshot of what they would see. */
async function walk(browser: ExtensionBrowser, sim: GraphSimulator, dir: string): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const shots: string[] = [];
  const shot = async (page: Page, name: string, fullPage = true) => {
    const file = path.join(dir, name);
    await page.screenshot({ path: file, fullPage });
    shots.push(file);
  };
  const popupPage = async (colorScheme: 'light' | 'dark') => {
    const page = await browser.openExtensionPage('popup.html', { colorScheme });
    await page.setViewportSize({ width: 420, height: 640 });
    return page;
  };

  step('Popup before any token: onboarding');
  let popup = await popupPage('light');
  await popup
    .getByRole('button', { name: /settings/i })
    .first()
    .waitFor();
  await shot(popup, '01-popup-onboarding.png');
  await popup.close();

  step('Options: paste the demo token and save it');
  const options = await browser.openExtensionPage('options.html');
  await options.setViewportSize({ width: 1100, height: 900 });
  await options
    .locator('input')
    .and(options.getByLabel('Access token', { exact: true }))
    .fill(sim.tokens.valid);
  await shot(options, '02-options-token-filled.png', false);
  await options.getByRole('button', { name: 'Save token' }).click();
  await waitForNumbers(options, 10);
  await options.waitForTimeout(1_500); // let the first sweep's automatic registrations finish
  await options.reload();
  await options.waitForLoadState('networkidle');
  await shot(options, '03-options-after-save.png');

  step('Popup: every number at a glance (light and dark)');
  popup = await popupPage('light');
  await popup.locator('[data-phone-number-id]').first().waitFor();
  await shot(popup, '04-popup-numbers-light.png');
  const dark = await popupPage('dark');
  await dark.locator('[data-phone-number-id]').first().waitFor();
  await shot(dark, '05-popup-numbers-dark.png');
  await dark.close();

  step('Popup: complete the registration of the PIN-protected number');
  const card = popup.locator(`[data-phone-number-id="${STUCK_PIN}"]`);
  await card.getByRole('button', { name: 'Complete registration' }).click();
  const pin = popup.getByLabel('Two-step verification PIN');
  await pin.fill('12');
  await popup.getByRole('button', { name: 'Register', exact: true }).click();
  await shot(popup, '06-popup-pin-dialog-invalid.png');
  await pin.fill(STUCK_PIN_VALUE);
  await popup.getByRole('button', { name: 'Register', exact: true }).click();
  await card
    .getByText(/regist/i)
    .first()
    .waitFor();
  await shot(popup, '07-popup-registered.png');

  step('Check now: the registered numbers are provisioned and healthy');
  sim.advanceTime(2_000);
  await popup.getByRole('button', { name: 'Check now' }).click();
  await popup.waitForTimeout(1_500);
  await shot(popup, '08-popup-after-check.png');
  await popup.close();

  step('WhatsApp Manager: health badges beside each number');
  const manager = await browser.context.newPage();
  await manager.setViewportSize({ width: 1280, height: 800 });
  await manager.goto(MANAGER_URL);
  await manager.locator('[data-health]').first().waitFor({ timeout: 10_000 });
  await manager.waitForTimeout(500);
  await shot(manager, '09-whatsapp-manager-badges.png');
  await manager.close();

  const sw = await browser.serviceWorker();
  const notifications = await sw.evaluate(() => chrome.notifications.getAll());
  step(`Notifications raised: ${Object.keys(notifications).join(', ') || 'none'}`);
  step(`Toolbar badge: "${await sw.evaluate(() => chrome.action.getBadgeText({}))}"`);
  return shots;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.headless && !process.env.DISPLAY && process.platform === 'linux') {
    console.error('No display found. On a machine without one, run: npm run demo -- --headless --screenshots DIR');
    process.exit(2);
  }
  const sim = await startGraphSimulator({ scenario: 'default', port: opts.port });
  step(`Graph API simulator on ${sim.origin} (graph.facebook.com and business.facebook.com are mapped to it)`);
  const browser = await launchExtensionBrowser(sim, { headless: opts.headless });
  step(`Chromium started with WABA Health (${browser.extensionId})`);

  const shutdown = async () => {
    await browser.close().catch(() => undefined);
    await sim.close().catch(() => undefined);
  };

  if (opts.headless) {
    try {
      const shots = await walk(browser, sim, opts.screenshots!);
      console.log(`\nScreenshots written to ${path.resolve(opts.screenshots!)}:\n${shots.map((s) => `  ${s}`).join('\n')}`);
    } finally {
      await shutdown();
    }
    return;
  }

  const options = await browser.openExtensionPage('options.html');
  await options
    .locator('input')
    .and(options.getByLabel('Access token', { exact: true }))
    .fill(sim.tokens.valid);
  const manager = await browser.context.newPage();
  await manager.goto(MANAGER_URL);
  await options.bringToFront();
  console.log(`
The demo token is pre-filled on the options page: press "Save token".
Then open the toolbar popup (puzzle icon > WABA Health), and the WhatsApp Manager tab:
  ${MANAGER_URL}
Demo facts: number ${STUCK_PIN} is PIN-protected (PIN ${STUCK_PIN_VALUE}); another waits for display-name review.
Press Ctrl+C to stop.`);
  process.on('SIGINT', () => void shutdown().then(() => process.exit(0)));
  browser.context.on('close', () => void sim.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
