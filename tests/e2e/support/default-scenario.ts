import { readScenario } from '../../support/simulator/scenario';
import type { Scenario } from '../../support/simulator';

/** Phone ids and facts of the simulator's default scenario (tests/support/simulator/scenarios/default.json). */
export const IDS = {
  healthy: '106540352242901',
  stuckNoPin: '106540352242902',
  nameReview: '106540352242903',
  stuckPin: '106540352242904',
  banned: '106540352242905',
  flagged: '106540352242906',
} as const;
export const STUCK_PIN_VALUE = '246810';
export const SALES_WABA = '115263748291034';
export const ACME_BUSINESS = '1029384756102938';

/** The default scenario without the timed name approval, so the review only moves when a test says so. */
export function steadyScenario(): Scenario {
  const scenario = readScenario('default') as Scenario & { phones: Array<{ id: string; behaviour?: Record<string, unknown> }> };
  for (const p of scenario.phones) if (p.id === IDS.nameReview && p.behaviour) delete p.behaviour.nameApprovedAfterMs;
  return scenario;
}
