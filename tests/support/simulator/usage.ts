// Rolling-hour usage accounting and the X-App-Usage / X-Business-Use-Case-Usage headers.
// X-App-Usage values are percentages of the app's hourly allowance; BUC values are percentages of the
// per-WABA (or per-business) hourly limit for type "whatsapp_business_management" (graph-api.md §6.3).

import { HOUR_MS } from './clock.ts';

export interface UsageLimits {
  /** App-level platform allowance per rolling hour (X-App-Usage is a percentage of it). */
  appCallsPerHour: number;
  /** Business Use Case limit per WABA / business per rolling hour (default 5000). */
  bucCallsPerHour: number;
}

export interface UsageOverride {
  /** Report the targets as throttled for this many minutes (fault injection). */
  regainMinutes: number;
  /** Also report X-App-Usage as saturated (code 4). */
  app?: boolean;
}

export interface BucEntry {
  type: 'whatsapp_business_management';
  call_count: number;
  total_cputime: number;
  total_time: number;
  estimated_time_to_regain_access: number;
}

class Window {
  private times: number[] = [];
  private head = 0;
  push(t: number): void {
    this.times.push(t);
  }
  count(now: number): number {
    this.prune(now);
    return this.times.length - this.head;
  }
  /** Timestamp of the k-th oldest call still in the window (0-based). */
  at(k: number): number | undefined {
    return this.times[this.head + k];
  }
  private prune(now: number): void {
    const cutoff = now - HOUR_MS;
    while (this.head < this.times.length && this.times[this.head]! <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

function pct(count: number, limit: number): number {
  return limit > 0 ? Math.floor((count * 100) / limit) : 0;
}

export class UsageTracker {
  private app = new Window();
  private buc = new Map<string, Window>();
  constructor(
    private readonly clock: () => number,
    public limits: UsageLimits,
  ) {}

  record(targets: Iterable<string>, calls = 1): void {
    const now = this.clock();
    for (let i = 0; i < calls; i++) this.app.push(now);
    for (const t of targets) {
      let w = this.buc.get(t);
      if (!w) {
        w = new Window();
        this.buc.set(t, w);
      }
      for (let i = 0; i < calls; i++) w.push(now);
    }
  }

  appCount(): number {
    return this.app.count(this.clock());
  }
  bucCount(id: string): number {
    return this.buc.get(id)?.count(this.clock()) ?? 0;
  }

  /** Minutes until `id` is below its BUC limit again; 0 if not throttled. */
  bucRegainMinutes(id: string): number {
    const w = this.buc.get(id);
    return w ? this.regain(w, this.limits.bucCallsPerHour) : 0;
  }
  appRegainMinutes(): number {
    return this.regain(this.app, this.limits.appCallsPerHour);
  }
  private regain(w: Window, limit: number): number {
    const now = this.clock();
    const n = w.count(now);
    if (n < limit) return 0;
    const t = w.at(n - limit) ?? now;
    return Math.max(1, Math.ceil((t + HOUR_MS - now) / 60_000));
  }

  appHeader(override?: UsageOverride): string {
    let p = pct(this.appCount(), this.limits.appCallsPerHour);
    if (override?.app) p = Math.max(p, 100);
    return JSON.stringify({ call_count: p, total_time: Math.floor(p * 0.6), total_cputime: Math.floor(p * 0.4) });
  }

  bucEntry(id: string, override?: UsageOverride): BucEntry {
    let p = pct(this.bucCount(id), this.limits.bucCallsPerHour);
    let regain = this.bucRegainMinutes(id);
    if (override) {
      p = Math.max(p, 100);
      regain = Math.max(regain, override.regainMinutes);
    }
    return {
      type: 'whatsapp_business_management',
      call_count: p,
      total_cputime: Math.floor(p * 0.4),
      total_time: Math.floor(p * 0.6),
      estimated_time_to_regain_access: regain,
    };
  }

  bucHeader(targets: Iterable<string>, override?: UsageOverride): string {
    const out: Record<string, BucEntry[]> = {};
    let n = 0;
    for (const t of targets) {
      if (t in out) continue;
      if (++n > 32) break; // Graph reports at most 32 objects
      out[t] = [this.bucEntry(t, override)];
    }
    return JSON.stringify(out);
  }
}
