// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { createHydrator } from '@/components/content/hydrator';

class FakeIO {
  static last: FakeIO;
  observed = new Set<Element>();
  constructor(public cb: (entries: Array<{ target: Element; isIntersecting: boolean }>) => void) {
    FakeIO.last = this;
  }
  observe(el: Element) {
    this.observed.add(el);
  }
  unobserve(el: Element) {
    this.observed.delete(el);
  }
  disconnect() {
    this.observed.clear();
  }
}

describe('badge hydration', () => {
  it('builds the first badges of a task at once and the rest when they near the viewport', async () => {
    const win = { IntersectionObserver: FakeIO } as unknown as Window;
    const h = createHydrator(win, { syncPerTask: 2 });
    const hosts = [0, 1, 2, 3].map(() => document.createElement('waba-health-badge'));
    const built = hosts.map(() => vi.fn());
    hosts.forEach((host, i) => h.add(host, built[i]!));
    expect(built.map((f) => f.mock.calls.length)).toEqual([1, 1, 0, 0]);
    expect([...FakeIO.last.observed]).toEqual([hosts[2], hosts[3]]);
    FakeIO.last.cb([
      { target: hosts[3]!, isIntersecting: true },
      { target: hosts[2]!, isIntersecting: false },
    ]);
    expect(built.map((f) => f.mock.calls.length)).toEqual([1, 1, 0, 1]);
    h.remove(hosts[2]!);
    expect(FakeIO.last.observed.size).toBe(0);
    await Promise.resolve(); // next task: the budget is back
    const late = vi.fn();
    h.add(document.createElement('waba-health-badge'), late);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('builds everything at once where IntersectionObserver is missing', () => {
    const h = createHydrator({} as Window, { syncPerTask: 0 });
    const fn = vi.fn();
    h.add(document.createElement('waba-health-badge'), fn);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
