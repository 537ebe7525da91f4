import { describe, expect, it } from 'vitest';
import { createLeases, type Timers } from '@/lib/engine/lease';

describe('lease: stored, expiring, renewed, and never taken from live work', () => {
  const clock = { t: 1_000_000 };
  const now = () => clock.t;

  it('holds until its end; an end further ahead than its duration (clock moved back) does not hold', () => {
    const leases = createLeases({ instanceId: 'a', now });
    expect(leases.holds(undefined, 1_000)).toBe(false);
    expect(leases.holds({ id: 'x', until: clock.t + 500 }, 1_000)).toBe(true);
    expect(leases.holds({ id: 'x', until: clock.t }, 1_000)).toBe(false);
    expect(leases.holds({ id: 'x', until: clock.t + 5_000 }, 1_000)).toBe(false);
  });

  it('a lease of work still running here holds whatever the wall clock says, until the work ends', () => {
    const leases = createLeases({ instanceId: 'a', now });
    const lease = leases.mint(1_000);
    clock.t += 60_000; // slept
    expect(leases.holds(lease, 1_000)).toBe(true);
    expect(createLeases({ instanceId: 'b', now }).holds(lease, 1_000)).toBe(false);
    leases.end(lease.id);
    expect(leases.holds(lease, 1_000)).toBe(false);
  });

  it('renews while live, stops when told', async () => {
    const fns: Array<() => void> = [];
    const timers: Timers = { setInterval: (fn) => fns.push(fn), clearInterval: () => fns.splice(0) };
    const leases = createLeases({ instanceId: 'a', now, timers });
    const lease = leases.mint(1_000);
    const renewed: number[] = [];
    const stop = leases.keepRenewed(lease, 1_000, 300, async (until) => void renewed.push(until));
    clock.t += 300;
    fns.forEach((f) => f());
    expect(renewed).toEqual([clock.t + 1_000]);
    leases.end(lease.id);
    fns.forEach((f) => f());
    expect(renewed).toHaveLength(1);
    stop();
    expect(fns).toEqual([]);
  });
});
