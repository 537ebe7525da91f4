import { storedErrorInfo } from '../error-info';
import type { MessageKey } from '../i18n';
import { InfoError } from '../info-error';
import type { ErrorInfo } from '../messages/protocol';
import type { Refusal } from '../registration/policy';
import type { Stores } from '../storage/items';
import type { StoredError } from '../storage/schemas';
import type { Text } from '../text';
import type { GraphPortFactory } from './graph-port';
import type { Leases, Timers } from './lease';
import type { BadgeSpec, NotificationTarget } from './notifications';

/** What the engine needs from the world: storage, Graph, the clock, randomness and the browser's UI. */
export interface EngineDeps {
  stores: Stores;
  graph: GraphPortFactory;
  now: () => number;
  random: () => number;
  generatePin: () => string;
  /** Shows a system notification (id built from the target). */
  notify: (id: string, notice: Notice) => Promise<void>;
  setBadge: (badge: BadgeSpec) => Promise<void>;
  /** Arms the one-shot wake alarm at `when` (the engine then runs `wake()`), or clears it (`undefined`). */
  scheduleWake: (when: number | undefined) => Promise<void>;
  /** Identifies this worker instance in leases. */
  instanceId: string;
  /** Renewal timers for leases (real timers by default). */
  timers?: Timers;
  /** An absolute URL of one of the extension's pages (notification clicks open the popup in a tab). */
  extensionUrl?: (path: string) => string;
}

/** The engine never writes sentences: texts by id (lib/text.ts), rendered by the background with browser.i18n. */
export type { Text };

export interface Notice {
  target: NotificationTarget;
  title: Text;
  message: Text;
}

/** The deps plus what every engine module shares (built once by createEngine). */
export interface EngineContext extends EngineDeps {
  leases: Leases;
}

export type RegisterRefusal =
  | Refusal
  | { reason: 'in_flight' | 'not_needed' | 'needs_verification' | 'no_token' | 'unknown_number' | 'removed' | 'check_failed' }
  | { reason: 'rate_limited'; until: number };

export type RegisterResult =
  | { status: 'registered'; generatedPin?: string }
  | { status: 'failed'; error: StoredError }
  | { status: 'pin_needed' }
  /** The fresh read right before the call found the number provisioned: no call was made. */
  | { status: 'already_registered' }
  | { status: 'refused'; refusal: RegisterRefusal };

export type SweepSkipReason = 'no_token' | 'token_invalid' | 'running' | 'rate_limited' | 'slowed_down';

export type SweepResult =
  | { status: 'done'; calls: number; numbers: number; registered: number }
  | { status: 'skipped'; reason: SweepSkipReason };

/** A failure a person can fix that Meta reported (e.g. refusing a token), as the project's one error class. */
export function userError(error: StoredError): InfoError {
  return new InfoError(storedErrorInfo(error));
}

/** A failure a person can fix that we found (bad input, no token): a catalogue key and its values. */
export function problemError(problem: MessageKey, opts: Pick<ErrorInfo, 'values' | 'kind' | 'nextStep'> = {}): InfoError {
  return new InfoError({ problem, ...opts, kind: opts.kind ?? 'user_action' });
}
