import { describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_API_VERSION, isValidGraphVersion } from '../../lib/graph/config';
import { EXPIRY_WARNING_DAYS, GRAPH_API_VERSIONS, graphVersionRadar, newestGraphVersion } from '../../lib/graph/versions';

const DAY = 24 * 60 * 60 * 1000;
const at = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`);
const V24_EXPIRES = at('2028-02-18');

describe('the Graph API version table', () => {
  it("holds Meta's published dates, oldest first, with well-formed versions", () => {
    expect(GRAPH_API_VERSIONS).toEqual([
      { version: 'v23.0', released: '2025-05-29', expires: '2027-10-08' },
      { version: 'v24.0', released: '2025-10-08', expires: '2028-02-18' },
      { version: 'v25.0', released: '2026-02-18', expires: '2028-07-29' },
      { version: 'v26.0', released: '2026-07-29' },
    ]);
    for (const [i, row] of GRAPH_API_VERSIONS.entries()) {
      expect(row.version).toMatch(/^v\d+\.\d+$/);
      if (i > 0) expect(Date.parse(row.released)).toBeGreaterThan(Date.parse(GRAPH_API_VERSIONS[i - 1]!.released));
    }
  });

  it('lists the default version', () => {
    expect(GRAPH_API_VERSIONS.map((v) => v.version)).toContain(DEFAULT_GRAPH_API_VERSION);
  });
});

describe('graphVersionRadar', () => {
  it.each([
    [91, 'current'],
    [90, 'expiring'],
    [1, 'expiring'],
    [0, 'expired'],
    [-1, 'expired'],
  ] as const)('%i days before expiry: %s', (days, state) => {
    const radar = graphVersionRadar('v24.0', V24_EXPIRES - days * DAY);
    expect(radar).toEqual({ state, expiresAt: V24_EXPIRES, daysLeft: days, newest: expect.any(String) });
  });

  it('warns from the first moment inside the 90 days, and counts a part day as a day', () => {
    expect(EXPIRY_WARNING_DAYS).toBe(90);
    expect(graphVersionRadar('v24.0', V24_EXPIRES - 90 * DAY - 1)).toMatchObject({ state: 'current', daysLeft: 91 });
    expect(graphVersionRadar('v24.0', V24_EXPIRES - 1)).toMatchObject({ state: 'expiring', daysLeft: 1 });
    expect(graphVersionRadar('v24.0', V24_EXPIRES + DAY / 2)).toMatchObject({ state: 'expired', daysLeft: 0 });
  });

  it('a listed version without an announced expiry is current, with no date', () => {
    expect(graphVersionRadar('v26.0', at('2026-11-30'))).toEqual({ state: 'current', newest: 'v26.0' });
  });

  it('versions older than every listed one have expired (v20.0 did on 2026-09-24)', () => {
    for (const v of ['v19.0', 'v20.0', 'v22.0', 'v9.1']) {
      expect(graphVersionRadar(v, at('2026-11-30'))).toEqual({ state: 'expired', newest: 'v26.0' });
    }
  });

  it('versions newer than the table, or between its rows, or not versions at all, are unlisted (expiry unknown)', () => {
    for (const v of ['v27.0', 'v100.0', 'v25.1', '25', '']) {
      expect(graphVersionRadar(v, at('2026-11-30'))).toEqual({ state: 'unlisted', newest: 'v26.0' });
    }
  });
});

describe('newestGraphVersion', () => {
  it('is the newest version released by now', () => {
    expect(newestGraphVersion(at('2026-07-28'))).toBe('v25.0');
    expect(newestGraphVersion(at('2026-07-29'))).toBe('v26.0');
    expect(graphVersionRadar('v24.0', at('2026-02-17')).newest).toBe('v24.0');
    expect(graphVersionRadar('v24.0', at('2026-02-18')).newest).toBe('v25.0');
  });

  it('skips a version that has expired', () => {
    const table = [
      { version: 'v30.0', released: '2030-01-01', expires: '2031-01-01' },
      { version: 'v31.0', released: '2030-06-01', expires: '2030-12-01' },
    ];
    expect(newestGraphVersion(at('2030-11-30'), table)).toBe('v31.0');
    expect(newestGraphVersion(at('2030-12-01'), table)).toBe('v30.0');
  });

  it('is always a version the Graph client accepts', () => {
    for (const day of ['2025-01-01', '2026-11-30', '2028-07-30', '2040-01-01']) {
      expect(isValidGraphVersion(newestGraphVersion(at(day)))).toBe(true);
    }
  });
});
