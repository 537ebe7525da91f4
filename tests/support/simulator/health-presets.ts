// Ready-made health entities for tests: what Meta puts in a BUSINESS, WABA or APP entity of
// health_status in cases people meet in the wild. Give them to sim.setBusinessHealth / setWabaHealth /
// setAppHealth (or the /__sim/ PATCH endpoints). The codes are Meta's; the words are ours, in Meta's tone
// (Meta publishes no fixed text for them).

import type { EntityHealth } from './scenario.ts';

/** Frozen all the way down, so a test that changes one cannot change it for the next. */
function preset(health: EntityHealth): EntityHealth {
  for (const e of health.errors ?? []) Object.freeze(e);
  Object.freeze(health.errors);
  Object.freeze(health.additional_info);
  return Object.freeze(health);
}

/** 141010: the business portfolio is not verified, so its numbers are LIMITED (a BUSINESS entity). */
export const BUSINESS_NOT_VERIFIED: EntityHealth = preset({
  can_send_message: 'LIMITED',
  errors: [
    {
      error_code: 141010,
      error_description: 'Your business has not been verified. Your messaging limit will stay low until your business is verified.',
      possible_solution: 'Start business verification in Security Center: https://business.facebook.com/settings/security',
    },
  ],
});

/** 141006: the business's payment method failed, so business-initiated messages stop (a BUSINESS entity). */
export const PAYMENT_METHOD_FAILED: EntityHealth = preset({
  can_send_message: 'BLOCKED',
  errors: [
    {
      error_code: 141006,
      error_description: "There is an error with your business's payment method. Business-initiated messages cannot be sent.",
      possible_solution:
        'Add a valid payment method or update the current one in Billing & Payments: https://business.facebook.com/billing_hub',
    },
  ],
});

/**
 * 138025: the app has no SIP server configured (an APP entity). Messages still go out, but Meta then
 * answers an overall `can_send_message: BLOCKED` (its own SIP example): calling alone is blocked.
 */
export const APP_SIP_NOT_CONFIGURED: EntityHealth = preset({
  can_send_message: 'AVAILABLE',
  can_receive_call_sip: 'BLOCKED',
  errors: [
    {
      error_code: 138025,
      error_description: 'The app has no SIP server configured.',
      possible_solution: 'Configure a SIP server.',
    },
  ],
});
