/**
 * Which next step fits a failure, by id (first match wins). Plain data, no imports: the content script
 * uses it too. Words for each id: the pages' catalogues (lib/ui/reply-text.ts), the background's English
 * (lib/errors-for-people.ts).
 */
export type NextStepId =
  | 'certificate'
  | 'wrongPin'
  | 'reverify'
  | 'blocked72h'
  | 'recentlyDeleted'
  | 'notRegistered'
  | 'locked'
  | 'auth'
  | 'permission'
  | 'rateLimit'
  | 'transient';

interface ErrorFacts {
  kind?: string;
  code?: number;
  subcode?: number;
}

/** Which next step fits an error, first match wins. The pages map the id to translated words. */
const NEXT_STEP_RULES: Array<[NextStepId, (e: ErrorFacts) => boolean]> = [
  ['certificate', (e) => e.code === 100 && e.subcode === 2388001],
  ['wrongPin', (e) => e.code === 133005],
  ['reverify', (e) => e.code === 133006],
  ['blocked72h', (e) => e.code === 133016],
  ['recentlyDeleted', (e) => e.code === 133015],
  ['notRegistered', (e) => e.code === 133010],
  ['locked', (e) => e.code === 131031],
  ['auth', (e) => e.kind === 'auth'],
  ['permission', (e) => e.kind === 'permission'],
  ['rateLimit', (e) => e.kind === 'rate_limit'],
  ['transient', (e) => e.kind === 'transient'],
];

export function nextStepId(error: ErrorFacts): NextStepId | undefined {
  return NEXT_STEP_RULES.find(([, match]) => match(error))?.[0];
}
