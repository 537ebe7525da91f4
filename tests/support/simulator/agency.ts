// The `agency` scenario (scenarios/agency.json): what its generator produces, written down so tests can
// assert counts (and the toolbar badge) without re-deriving them from the generator they check.
// tests/simulator/agency.test.ts proves these figures against the generated scenario.

/** Northwind Solutions: the partner whose system user sees every client WABA. */
export const AGENCY_PARTNER_BUSINESS = '1300000000000001';

export const AGENCY = {
  wabas: 2000,
  numbersPerWaba: 5,
  numbers: 10_000,
  /** WABAs owned by the partner (every 100th). */
  ownedWabas: 20,
  /** WABAs shared with the partner under client_whatsapp_business_accounts. */
  clientWabas: 1980,
  /** Businesses owning the client WABAs (owner_business_info of a client WABA is one of them). */
  clientBusinesses: 400,
  /** Numbers per preset (the generator's `behaviour.label`). */
  byPreset: {
    healthy: 7934,
    flagged: 546,
    restricted: 214,
    name_declined: 162,
    banned: 153,
    stuck_no_pin: 384,
    stuck_pin: 243,
    stuck_review: 259,
    unknown: 105,
  },
  /** Numbers WABA Health classifies as stuck (PENDING, not provisioned: the three stuck_* presets). */
  stuck: 886,
  /** Numbers classified as blocked (BANNED). */
  blocked: 153,
  /** The toolbar badge counts stuck + blocked numbers: 1,039, shown as "999+". */
  badgeCount: 1039,
  badgeText: '999+',
  /** client_whatsapp_business_accounts pages at limit=100 (Graph's maximum). */
  clientPagesAt100: 20,
} as const;
