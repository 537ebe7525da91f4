// Shared by the simulator's own tests (tests/simulator), the e2e tests and scripts/demo.ts.

/** Ids of note in the simulator's default scenario (tests/support/simulator/scenarios/default.json). */
export const IDS = {
  business: '1029384756102938',
  partnerBusiness: '1098765432109876',
  wabaSales: '115263748291034',
  wabaSupport: '118374650192837',
  wabaClient: '120938475610293',
  healthy: '106540352242901',
  stuckNoPin: '106540352242902',
  stuckReview: '106540352242903',
  stuckPin: '106540352242904',
  banned: '106540352242905',
  flagged: '106540352242906',
  restricted: '106540352242907',
  unknownStatus: '106540352242908',
  clientHealthy: '106540352242909',
  nameChange: '106540352242910',
} as const;
export const STUCK_PIN = '246810';
