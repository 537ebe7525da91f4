// Graph API simulator — public entry point. See README.md in this folder.

import { ensureCertificate } from './certs.ts';
import { simState } from './control.ts';
import type { FaultSpec } from './faults.ts';
import type { EntityHealth, FlipSet, Scenario } from './scenario.ts';
import { SimServer, type LoggedRequest } from './server.ts';
import { createSimFetch } from './sim-fetch.ts';
import type { InvalidationReason } from './state.ts';

export type { FaultSpec } from './faults.ts';
export type { EntityHealth, Flip, FlipSet, Scenario } from './scenario.ts';
export type { PendingFlip } from './state.ts';
export { APP_SIP_NOT_CONFIGURED, BUSINESS_NOT_VERIFIED, PAYMENT_METHOD_FAILED } from './health-presets.ts';
export type { LoggedRequest } from './server.ts';
export type { AuthScheme } from './router.ts';
export type { InvalidationReason } from './state.ts';
export { AVAILABLE_VERSIONS } from './router.ts';
export { readScenario, resolveScenario, ScenarioError } from './scenario.ts';
export { DECOY_NUMBERS, LATE_RENDER_MS, MANAGER_LAYOUTS, formatForManager } from './manager.ts';
export { MAX_BATCH } from './batch.ts';
export { REGISTER_MAX_ATTEMPTS, REGISTER_WINDOW_MS } from './registration.ts';
export { DEFAULT_PROVISION_DELAY_MS } from './state.ts';

export interface GraphSimulatorOptions {
  /** file name in scenarios/ without .json (default 'default'), or a scenario object */
  scenario?: string | Scenario;
  /** 0 = random */
  port?: number;
  /** latency added to every request (ms) */
  latencyMs?: number;
  /** force pages no larger than this on every edge */
  maxPageSize?: number;
}

export interface GraphSimulator {
  port: number;
  /** https://127.0.0.1:<port> */
  origin: string;
  certPem: string;
  keyPem: string;
  /** base64 sha256 of the certificate's SPKI, for --ignore-certificate-errors-spki-list */
  spkiHash: string;
  /** live request log (every HTTP request except /__sim/ control calls) */
  requests: LoggedRequest[];
  clearLog(): void;
  /** current public fields of a number (all fields, no version gating) */
  phone(id: string): Record<string, unknown>;
  /** flip any public phone field (or the hidden "pin") */
  setPhoneField(id: string, field: string, value: unknown): void;
  approveDisplayName(id: string): void;
  /** Deletes a number from its WABA: absent from phone_numbers, and its node answers 100 (does not exist). */
  deletePhone(id: string): void;
  /** Replaces the apps subscribed to a WABA's webhooks (`[]`: none, so inbound messages reach no app). */
  setSubscribedApps(wabaId: string, apps: Array<{ id: string; name: string; link?: string }>): void;
  /**
   * Schedules a change of a number's public fields (or `health`, its PHONE_NUMBER entity) once the
   * simulated clock passes now + afterMs, like a scenario's `behaviour.flips`. Throws on an invalid flip.
   * Returns the moment it applies (ms epoch, simulator clock).
   */
  scheduleFlip(phoneId: string, afterMs: number, set: FlipSet): number;
  /** The BUSINESS entity of health_status for its WABAs and their numbers; null: AVAILABLE again. */
  setBusinessHealth(businessId: string, health: EntityHealth | null): void;
  /** The WABA entity of health_status for the WABA and its numbers; null: AVAILABLE again. */
  setWabaHealth(wabaId: string, health: EntityHealth | null): void;
  /** The APP entity of every health_status; null: AVAILABLE (messages and SIP calls) again. */
  setAppHealth(health: EntityHealth | null): void;
  /** tokens by role from the scenario ('' when the scenario defines no token for a role) */
  tokens: { valid: string; expiring: string; expired: string; limited: string };
  /** 190 from now on: subcode 463 'expired' (default), 460 'password_changed', 467 'logged_out' */
  invalidateToken(token: string, reason?: InvalidationReason): void;
  /** returns the fault id */
  addFault(f: FaultSpec): string;
  removeFault(id: string): void;
  clearFaults(): void;
  advanceTime(ms: number): void;
  now(): number;
  /** latency for every request from now on */
  setLatency(ms: number): void;
  /** reload the scenario (or another one): clears log, faults, usage and the clock offset */
  reset(scenario?: string | Scenario): void;
  /** JSON snapshot (same as GET /__sim/state) */
  state(): Record<string, unknown>;
  /** Chromium flags that route graph/business.facebook.com to this server and trust its cert */
  chromiumArgs(): string[];
  /** fetch over real HTTPS to this server (graph/business.facebook.com rewritten to it, Host kept) */
  fetch: typeof fetch;
  close(): Promise<void>;
}

export async function startGraphSimulator(opts: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const cert = await ensureCertificate();
  const server = new SimServer(opts.scenario, { latencyMs: opts.latencyMs, maxPageSize: opts.maxPageSize }, cert);
  const port = await server.listen(opts.port ?? 0);
  const sf = createSimFetch(port, cert.certPem);

  const tokens = { valid: '', expiring: '', expired: '', limited: '' };
  const refreshTokens = () => {
    tokens.valid = tokens.expiring = tokens.expired = tokens.limited = '';
    for (const t of server.world.tokens.values()) if (t.role) tokens[t.role as keyof typeof tokens] = t.token;
  };
  refreshTokens();

  return {
    port,
    origin: `https://127.0.0.1:${port}`,
    certPem: cert.certPem,
    keyPem: cert.keyPem,
    spkiHash: cert.spkiHash,
    get requests() {
      return server.log;
    },
    clearLog: () => {
      server.log.length = 0;
    },
    phone: (id) => server.world.publicPhone(id),
    setPhoneField: (id, field, value) => server.world.setPhoneField(id, field, value),
    approveDisplayName: (id) => server.world.approveName(server.world.getPhone(id)),
    deletePhone: (id) => server.world.deletePhone(id),
    setSubscribedApps: (wabaId, apps) => server.world.setSubscribedApps(wabaId, apps),
    scheduleFlip: (phoneId, afterMs, set) => server.world.scheduleFlip(phoneId, afterMs, set),
    setBusinessHealth: (businessId, health) => server.world.setBusinessHealth(businessId, health),
    setWabaHealth: (wabaId, health) => server.world.setWabaHealth(wabaId, health),
    setAppHealth: (health) => server.world.setAppHealth(health),
    tokens,
    invalidateToken: (token, reason) => server.world.invalidateToken(token, reason),
    addFault: (f) => server.faults.add(f),
    removeFault: (id) => void server.faults.remove(id),
    clearFaults: () => server.faults.clear(),
    advanceTime: (ms) => server.clock.advance(ms),
    now: () => server.clock.now(),
    setLatency: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new Error('latency must be >= 0');
      server.latencyMs = ms;
    },
    reset: (scenario) => {
      server.reset(scenario);
      refreshTokens();
    },
    state: () => simState(server),
    chromiumArgs: () => [
      `--host-resolver-rules=MAP graph.facebook.com 127.0.0.1:${port},MAP business.facebook.com 127.0.0.1:${port}`,
      `--ignore-certificate-errors-spki-list=${cert.spkiHash}`,
    ],
    fetch: sf.fetch,
    close: async () => {
      sf.close();
      await server.close();
    },
  };
}
