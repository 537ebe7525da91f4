import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { type GraphSimulator, startGraphSimulator } from '../../support/simulator';
import { steadyScenario } from './default-scenario';
import { lateBound } from '../../support/late-bound';

/**
 * What the calling `describe` runs against: the simulator, a browser with the extension built for it (Chromium
 * or Firefox, by `launch`) and, with `drive`, a driver of the extension. All started before the describe's
 * tests (`each`: before each test) and closed after. The returned objects stand for them once they run.
 */
export function extensionEnvironment<B extends { close(): Promise<void> }, D extends object = never>(opts: {
  start: () => Promise<GraphSimulator>;
  launch: (sim: GraphSimulator) => Promise<B>;
  drive?: (browser: B) => Promise<D>;
  each?: boolean;
  /** Of the starting hook (default: the config's hookTimeout). */
  timeout?: number;
}) {
  const sim = lateBound<GraphSimulator>('the simulator');
  const browser = lateBound<B>('the browser');
  const ext = lateBound<D>('the extension driver');
  (opts.each ? beforeEach : beforeAll)(async () => {
    sim.set(await opts.start());
    browser.set(await opts.launch(sim.current!));
    if (opts.drive) ext.set(await opts.drive(browser.current!));
  }, opts.timeout);
  (opts.each ? afterEach : afterAll)(async () => {
    await browser.current?.close();
    await sim.current?.close();
  });
  return { sim: sim.ref, browser: browser.ref, ext: ext.ref };
}

/** `extensionEnvironment` started afresh for each test, over the default scenario held steady (steadyScenario). */
export function steadyEnvironmentPerTest<B extends { close(): Promise<void> }, D extends object = never>(
  launch: (sim: GraphSimulator) => Promise<B>,
  drive?: (browser: B) => Promise<D>,
) {
  return extensionEnvironment({ start: () => startGraphSimulator({ scenario: steadyScenario() }), launch, drive, each: true });
}

/** The register calls the simulator received for a number. */
export const registerRequests = (sim: GraphSimulator, id: string) =>
  sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${id}/register`));

/** What `connectToken` needs of an extension driver (Chromium's or Firefox's). */
interface Driver {
  send(message: Record<string, unknown>): Promise<{ ok: boolean }>;
  storage<T = unknown>(key: string): Promise<T>;
}

/**
 * Saves the scenario's valid token (with automatic retries turned off first when `autoRetry` is false), and
 * waits until the first sweep stored the default scenario's 10 numbers.
 */
export async function connectToken(ext: Driver, sim: GraphSimulator, { autoRetry = true } = {}) {
  if (!autoRetry) expect((await ext.send({ type: 'updateSettings', patch: { autoRetry: false } })).ok).toBe(true);
  expect((await ext.send({ type: 'saveToken', token: sim.tokens.valid })).ok).toBe(true);
  await expect.poll(async () => Object.keys((await ext.storage('numbers')) ?? {}).length, { timeout: 20_000 }).toBe(10);
}
