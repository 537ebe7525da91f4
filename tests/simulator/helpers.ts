// Shared helpers for the simulator's own tests (real HTTPS through sim.fetch).
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { lateBound } from '../support/late-bound.ts';
import { type GraphSimulator, type GraphSimulatorOptions, startGraphSimulator } from '../support/simulator/index.ts';

export { IDS, STUCK_PIN } from '../support/default-scenario';

export const G = 'https://graph.facebook.com';

/**
 * One simulator for the calling `describe`: started before its first test, closed after its last, and
 * reset to its scenario before each test when `resetEachTest` is set. The returned object stands for the
 * simulator once it runs (it forwards to it), so tests use it as they would the simulator itself.
 */
export function simulatorForSuite({
  resetEachTest = false,
  ...options
}: GraphSimulatorOptions & { resetEachTest?: boolean } = {}): GraphSimulator {
  const sim = lateBound<GraphSimulator>('the simulator');
  beforeAll(async () => {
    sim.set(await startGraphSimulator(options));
  });
  if (resetEachTest) beforeEach(() => sim.current?.reset());
  afterAll(() => sim.current?.close());
  return sim.ref;
}

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

async function wrap(r: Response): Promise<Res> {
  const text = await r.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}

/** GET https://graph.facebook.com<path> with a Bearer token (default: the valid token). */
export async function get(sim: GraphSimulator, path: string, token: string | null = sim.tokens.valid): Promise<Res> {
  return wrap(await sim.fetch(G + path, { headers: token ? { authorization: `Bearer ${token}` } : {} }));
}

/** POST form-urlencoded with a Bearer token. */
export async function post(
  sim: GraphSimulator,
  path: string,
  form: Record<string, string>,
  token: string | null = sim.tokens.valid,
): Promise<Res> {
  return wrap(
    await sim.fetch(G + path, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: new URLSearchParams(form),
    }),
  );
}

export async function raw(sim: GraphSimulator, url: string, init?: RequestInit): Promise<Res> {
  return wrap(await sim.fetch(url, init));
}

export function usage(res: Res): { app: any; buc: any } {
  return {
    app: JSON.parse(res.headers.get('x-app-usage') ?? 'null'),
    buc: JSON.parse(res.headers.get('x-business-use-case-usage') ?? 'null'),
  };
}

/** Asserts Meta's error envelope shape and returns the error object. */
export function expectEnvelope(res: Res): any {
  const e = res.json?.error;
  if (!e || typeof e.message !== 'string' || typeof e.type !== 'string' || typeof e.code !== 'number' || typeof e.fbtrace_id !== 'string')
    throw new Error(`not a Graph error envelope: ${res.text.slice(0, 300)}`);
  if (e.fbtrace_id !== res.headers.get('x-fb-trace-id')) throw new Error('fbtrace_id does not match x-fb-trace-id');
  return e;
}

/** GETs in one Graph batch call; every item must answer 200. Returns their bodies. */
export async function batchBodies(sim: GraphSimulator, urls: string[]): Promise<any[]> {
  const r = await raw(sim, `${G}/v23.0/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.tokens.valid}` },
    body: new URLSearchParams({ batch: JSON.stringify(urls.map((relative_url) => ({ method: 'GET', relative_url }))) }),
  });
  expect(r.status).toBe(200);
  return (r.json as Array<{ code: number; body: string }>).map((item) => {
    expect(item.code).toBe(200);
    return JSON.parse(item.body);
  });
}

/** A caller of the simulator's control endpoints (`/__sim/<path>`, JSON bodies; a string body is sent as is). */
export const controlOf =
  (sim: GraphSimulator) =>
  (method: string, path: string, body?: unknown): Promise<Res> =>
    raw(sim, `${sim.origin}/__sim/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body),
    });
