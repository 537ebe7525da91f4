import { InfoError } from '../info-error';
import { redactSecrets } from '../graph/redact';

/**
 * Runs the storage migration for the background and keeps its outcome, so that a migration that throws
 * never leaves the worker unable to answer. The outcome lives in memory only: every worker start runs
 * the migration again (a failed one is retried on each start), and the options page asks for it by
 * message (`getMigrationStatus`) and retries it (`retryMigration`).
 *
 * Requests are gated by `guardHandlers`: the few that need no migrated storage are answered whatever
 * happened; the others wait for the migration and, when it failed, answer a storage_not_ready InfoError.
 */
export type MigrationStatus =
  | { state: 'running'; attempt: number; since: number }
  | { state: 'done'; attempt: number; at: number; from: number; to: number }
  | { state: 'failed'; attempt: number; at: number; error: string };

export interface MigrationRunnerDeps {
  /** The migration itself (e.g. `() => migrateStorage(browser.storage.local)`); safe to run again. */
  migrate: () => Promise<{ from: number; to: number }>;
  now: () => number;
  /** A run succeeded after an earlier one failed in this worker: start what a failed start skipped. */
  onRecovered?: () => Promise<void>;
  /** Every failure, e.g. for the worker's console. */
  onError?: (error: unknown) => void;
}

export interface MigrationRunner {
  status(): MigrationStatus;
  /** Starts a run (or joins the one under way). Never rejects: the outcome is in the status. */
  run(): Promise<MigrationStatus>;
  /** The outcome of the run under way, or of the last one (starts the first run if none started yet). */
  settled(): Promise<MigrationStatus>;
  /** Resolves when storage is migrated; throws a storage_not_ready InfoError when the last run failed. */
  ready(opts?: { retryIfFailed?: boolean }): Promise<void>;
}

const MAX_ERROR_LENGTH = 300;

/** The failure's technical detail, short and token-free, for the options page (under its own words). */
export function migrationErrorText(error: unknown): string {
  const raw = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  const text = redactSecrets(raw.trim(), []);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/** Answer to a request that needs migrated storage while the migration failed. */
export function storageNotReady(): InfoError {
  // The failure's own detail is in the migration status, which the options page's banner shows.
  return new InfoError({ problem: 'errStorageNotReady', kind: 'storage_not_ready' });
}

export function createMigrationRunner(deps: MigrationRunnerDeps): MigrationRunner {
  let attempt = 0;
  let current: MigrationStatus = { state: 'running', attempt: 0, since: deps.now() };
  let running: Promise<MigrationStatus> | undefined;
  let failedBefore = false;

  const execute = async (n: number): Promise<MigrationStatus> => {
    try {
      const { from, to } = await deps.migrate();
      current = { state: 'done', attempt: n, at: deps.now(), from, to };
    } catch (error) {
      current = { state: 'failed', attempt: n, at: deps.now(), error: migrationErrorText(error) };
      deps.onError?.(error);
    }
    if (current.state === 'failed') failedBefore = true;
    else if (failedBefore) {
      failedBefore = false;
      await deps.onRecovered?.().catch((error: unknown) => deps.onError?.(error));
    }
    return current;
  };

  const run = (): Promise<MigrationStatus> => {
    if (running) return running;
    attempt += 1;
    current = { state: 'running', attempt, since: deps.now() };
    const started = execute(attempt).finally(() => {
      if (running === started) running = undefined;
    });
    running = started;
    return started;
  };

  // Before the first run there is nothing to wait for: start it.
  const settled = (): Promise<MigrationStatus> => running ?? (attempt === 0 ? run() : Promise.resolve(current));

  return {
    status: () => current,
    run,
    settled,
    ready: async (opts = {}) => {
      let outcome = await settled();
      if (outcome.state === 'failed' && opts.retryIfFailed) outcome = await run();
      if (outcome.state === 'failed') throw storageNotReady();
    },
  };
}

/** Requests answered at once, whatever the migration is doing. */
const ANSWERED_AT_ONCE: ReadonlySet<string> = new Set(['ping', 'getMigrationStatus', 'retryMigration']);
/**
 * Requests answered once the migration settled, even when it failed: they only read state (stored values
 * read tolerantly, as defaults when unreadable), or they remove everything anyway.
 */
const ANSWERED_WHEN_SETTLED: ReadonlySet<string> = new Set(['getDisplayState', 'forgetAll']);

type AnyHandler = (...args: never[]) => Promise<unknown>;

/**
 * Wraps every handler: requests that need migrated storage wait for the migration and fail with a
 * storage_not_ready InfoError when it failed (a new request type needs migrated storage unless listed above).
 */
export function guardHandlers<H extends { [K in keyof H]: AnyHandler }>(
  handlers: H,
  runner: Pick<MigrationRunner, 'settled' | 'ready'>,
): H {
  const guarded: Record<string, AnyHandler> = {};
  for (const [type, handler] of Object.entries(handlers) as Array<[string, AnyHandler]>) {
    guarded[type] = async (...args: never[]) => {
      if (ANSWERED_AT_ONCE.has(type)) return handler(...args);
      if (ANSWERED_WHEN_SETTLED.has(type)) await runner.settled();
      else await runner.ready();
      return handler(...args);
    };
  }
  return guarded as H;
}
