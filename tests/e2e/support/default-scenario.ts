import { IDS } from '../../support/default-scenario';
import { readScenario } from '../../support/simulator/scenario';
import type { Scenario } from '../../support/simulator';

/** Ids and facts of the simulator's default scenario (tests/support/simulator/scenarios/default.json), as its own tests name them. */
export { IDS } from '../../support/default-scenario';
export { STUCK_PIN as STUCK_PIN_VALUE } from '../../support/default-scenario';
export const SALES_WABA = IDS.wabaSales;
export const ACME_BUSINESS = IDS.business;

/** The default scenario without the timed name approval, so the review only moves when a test says so. */
export function steadyScenario(): Scenario {
  const scenario = readScenario('default') as Scenario & { phones: Array<{ id: string; behaviour?: Record<string, unknown> }> };
  for (const p of scenario.phones) if (p.id === IDS.stuckReview && p.behaviour) delete p.behaviour.nameApprovedAfterMs;
  return scenario;
}
