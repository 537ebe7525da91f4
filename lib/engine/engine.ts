import type { AttemptMode } from '../registration/policy';
import type { TokenStatus } from '../storage/schemas';
import { createAccounts } from './accounts';
import type { EngineDeps, RegisterResult, SweepResult } from './deps';
import { createGates } from './gates';
import type { GraphPort } from './graph-port';
import { createLeases } from './lease';
import { createLifecycle } from './lifecycle';
import type { NotificationTarget } from './notifications';
import { createReads } from './reads';
import { createRegistration } from './register';
import { createSweeps, type SweepReason, type Sweeps } from './sweep';
import { createTokenOps } from './token';
import { createVerification, type Verification } from './verify';

export type { EngineDeps, Notice, RegisterResult, SweepResult } from './deps';
export { REGISTER_LEASE_MS, AUTO_REGISTER_PER_RUN } from './register';
export { SWEEP_LEASE_MS, DISCOVERY_MAX_AGE_MS } from './sweep';
export { USAGE_SLOW_DOWN_PERCENT } from './gates';

/**
 * The health engine, composed from one module per concept:
 * - gates.ts       pre-call checks (token and its generation, rate limit, usage) and what failures mean
 * - token.ts       saving and removing the token
 * - accounts.ts    discovery, accounts typed in, WABAs that left the token's reach
 * - reads.ts       storing Graph reads (numbers, WABAs, removed numbers, state notifications)
 * - sweep.ts       sweeps and re-reads
 * - register.ts    the registration decision and call (atomic claim, fresh check, PIN, lease)
 * - verify.ts      ownership verification (request_code, verify_code) before a registration Meta refuses with 133006
 * - lifecycle.ts   recovery, the wake alarm, the badge, notification targets
 * - lease.ts       the one lock shape (stored, expiring, renewed, owner-released)
 */
export interface Engine {
  saveToken(token: string): Promise<TokenStatus>;
  removeToken(): Promise<void>;
  discover(given?: { port: GraphPort; generation: number }): Promise<void>;
  addWaba(wabaId: string): Promise<void>;
  sweep(opts: { reason: SweepReason }): Promise<SweepResult>;
  recheck(phoneIds: string[]): Promise<void>;
  register(phoneId: string, opts: { mode: AttemptMode; pin?: string }): Promise<RegisterResult>;
  setPin(phoneId: string, pin: string): Promise<void>;
  requestCode: Verification['requestCode'];
  verifyCode: Verification['verifyCode'];
  dismissNumber(phoneId: string): Promise<void>;
  recover(): Promise<void>;
  wake(): Promise<void>;
  refreshBadge(): Promise<void>;
  scheduleNextWake(): Promise<void>;
  notificationUrl(target: NotificationTarget): Promise<string | undefined>;
}

export function createEngine(deps: EngineDeps): Engine {
  const ctx = { ...deps, leases: createLeases({ instanceId: deps.instanceId, now: deps.now, timers: deps.timers }) };
  const gates = createGates(ctx);
  const reads = createReads(ctx, gates);
  const accounts = createAccounts(ctx, gates, reads);
  let sweeps: Sweeps | undefined;
  const hooks = { scheduleNextWake: () => lifecycle.scheduleNextWake(), refreshBadge: () => lifecycle.refreshBadge() };
  const registration = createRegistration(ctx, gates, reads, hooks);
  const lifecycle = createLifecycle(ctx, gates, { registration, sweeps: () => sweeps! });
  sweeps = createSweeps(ctx, gates, reads, accounts, registration, hooks);
  const token = createTokenOps(ctx, gates, accounts);
  const verification = createVerification(ctx, gates);

  return {
    saveToken: token.saveToken,
    removeToken: token.removeToken,
    discover: accounts.discover,
    addWaba: accounts.addWaba,
    sweep: sweeps.sweep,
    recheck: sweeps.recheck,
    register: (phoneId, opts) => registration.register(phoneId, opts),
    setPin: registration.setPin,
    requestCode: verification.requestCode,
    verifyCode: verification.verifyCode,
    dismissNumber: registration.dismissNumber,
    recover: lifecycle.recover,
    wake: lifecycle.wake,
    refreshBadge: lifecycle.refreshBadge,
    scheduleNextWake: lifecycle.scheduleNextWake,
    notificationUrl: lifecycle.notificationUrl,
  };
}
