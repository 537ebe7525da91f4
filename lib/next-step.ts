/**
 * Which next step fits a failure, by id (first match wins). Plain data, no imports: the content script
 * uses it too. Words for each id: the catalogues, through lib/error-info.ts.
 */
export const NEXT_STEP_IDS = [
  'certificate',
  'wrongPin',
  'reverify',
  /** request_code on a number Meta has verified already (136024): register it. */
  'alreadyVerified',
  /** A wrong or expired verification code (136025). */
  'wrongCode',
  /** Too many, or too fast, attempts (133008/133009): wait (Meta's `details` may say how long). */
  'tooManyAttempts',
  'blocked72h',
  'recentlyDeleted',
  'notRegistered',
  'locked',
  'auth',
  'permission',
  'rateLimit',
  'transient',
  /** No rule fits an error Meta reported: look at it in WhatsApp Manager. */
  'checkDetails',
] as const;
export type NextStepId = (typeof NEXT_STEP_IDS)[number];

interface ErrorFacts {
  kind?: string;
  code?: number;
  subcode?: number;
}

/** Which next step fits an error, first match wins. */
const NEXT_STEP_RULES: Array<[NextStepId, (e: ErrorFacts) => boolean]> = [
  ['certificate', (e) => e.code === 100 && e.subcode === 2388001],
  ['wrongPin', (e) => e.code === 133005],
  ['reverify', (e) => e.code === 133006],
  ['alreadyVerified', (e) => e.code === 136024],
  ['wrongCode', (e) => e.code === 136025],
  ['tooManyAttempts', (e) => e.code === 133008 || e.code === 133009],
  ['blocked72h', (e) => e.code === 133016],
  ['recentlyDeleted', (e) => e.code === 133015],
  ['notRegistered', (e) => e.code === 133010],
  ['locked', (e) => e.code === 131031],
  ['auth', (e) => e.kind === 'auth'],
  ['permission', (e) => e.kind === 'permission'],
  ['rateLimit', (e) => e.kind === 'rate_limit'],
  ['transient', (e) => e.kind === 'transient'],
  ['checkDetails', (e) => e.code !== undefined],
];

export function nextStepId(error: ErrorFacts): NextStepId | undefined {
  return NEXT_STEP_RULES.find(([, match]) => match(error))?.[0];
}
