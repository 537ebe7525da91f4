import { browser } from 'wxt/browser';

/**
 * Raw storage.local reads started by a page's tiny entry module, before the UI bundle (React, zod)
 * has even loaded: the read and the script loading overlap. Changes seen meanwhile are kept, so the
 * values handed over are never older than storage. Validation happens later (TypedItem.parse).
 */
export interface EarlyReads {
  keys: readonly string[];
  /**
   * Raw values by storage key (without the "local:" prefix), merged with every change seen since the
   * read started, up to the moment of the call.
   */
  values(): Promise<Record<string, unknown>>;
  /** Stops following changes: call once the values were taken and the page's own watchers run. */
  stop(): void;
}

export function startEarlyReads(keys: readonly string[]): EarlyReads {
  const changed: Record<string, unknown> = {};
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    for (const key of keys) if (key in changes) changed[key] = changes[key]!.newValue;
  };
  browser.storage.onChanged.addListener(onChanged);
  const read = browser.storage.local.get([...keys]).catch(() => ({}) as Record<string, unknown>);
  return {
    keys,
    values: () => read.then((got) => ({ ...got, ...changed })),
    stop: () => browser.storage.onChanged.removeListener(onChanged),
  };
}

/** Storage keys each page paints from (the early script reads them before the UI bundle runs). */
/** (What is in IndexedDB is read by the page's own queries: see lib/storage/items.ts.) */
export const POPUP_KEYS = ['engine', 'settings'] as const;
export const OPTIONS_KEYS = ['settings', 'engine'] as const;

/** Where the early script leaves its reads for the page's bundle. */
export const EARLY_READS_GLOBAL = '__wabaHealthEarlyReads';

/** The reads the early script started, if it ran (it does not in tests or when the page is opened oddly). */
export function takeEarlyReads(): EarlyReads | undefined {
  const g = globalThis as Record<string, unknown>;
  const early = g[EARLY_READS_GLOBAL] as EarlyReads | undefined;
  delete g[EARLY_READS_GLOBAL];
  return early;
}
