import * as z from 'zod/mini';
import { storage } from 'wxt/utils/storage';
import { withMutex } from './mutex';
import { recordOf } from './tolerant';
import {
  AccountsSchema,
  EngineStateSchema,
  NumberRegistrationSchema,
  NumberStateSchema,
  NumberSummarySchema,
  PinEntrySchema,
  SettingsSchema,
  TokenStatusSchema,
  type Accounts,
  type EngineState,
  type NumberRegistration,
  type NumberState,
  type NumberSummary,
  type PinEntry,
  type Settings,
  type TokenStatus,
} from './schemas';

/**
 * Typed storage items. The background is the only writer; popup, options and content script read and
 * watch. Everything is in storage.local (the token never in sync). Reads are validated with zod and
 * tolerant entry by entry (./tolerant.ts; a value that is not even the right kind of thing reads as the
 * item's fallback); writes of one item are serialised (read-modify-write under a named mutex).
 */
export interface TypedItem<T> {
  readonly key: `local:${string}`;
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
  /** Atomic read-modify-write; returns the new value. */
  update(fn: (current: T) => T | Promise<T>): Promise<T>;
  watch(cb: (value: T) => void): () => void;
  /** Validates a raw stored value the way getValue does (pages that read storage in bulk use it). */
  parse(raw: unknown): T;
}

function typedItem<T>(key: `local:${string}`, schema: z.ZodMiniType<T>, fallback: () => T): TypedItem<T> {
  // Not storage.defineItem: WXT reads a defined item's value as soon as it is defined, so every page
  // importing this module would read every item (the 1 MB+ `numbers` too) at load. These read on use.
  const raw = {
    getValue: () => storage.getItem<unknown>(key),
    setValue: (value: unknown) => storage.setItem<unknown>(key, value),
    watch: (cb: (value: unknown) => void) => storage.watch<unknown>(key, (value) => cb(value)),
  };
  const parse = (value: unknown): T => {
    if (value === null || value === undefined) return fallback();
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : fallback();
  };
  return {
    key,
    getValue: async () => parse(await raw.getValue()),
    setValue: (value) => raw.setValue(value),
    update: (fn) =>
      withMutex(key, async () => {
        const current = parse(await raw.getValue());
        const next = await fn(current);
        // Unchanged (the same value back): nothing is written, so nothing is re-created after a clear.
        if (next !== current) await raw.setValue(next);
        return next;
      }),
    watch: (cb) => raw.watch((value) => cb(parse(value))),
    parse,
  };
}

export const tokenItem = typedItem<string | null>('local:graphToken', z.nullable(z.string()), () => null);
export const tokenStatusItem = typedItem<TokenStatus>('local:tokenStatus', TokenStatusSchema, () =>
  TokenStatusSchema.parse({ state: 'none' }),
);
export const settingsItem = typedItem<Settings>('local:settings', SettingsSchema, () => SettingsSchema.parse({}));
export const accountsItem = typedItem<Accounts>('local:accounts', AccountsSchema, () => AccountsSchema.parse({}));
export const numbersItem = typedItem<Record<string, NumberState>>('local:numbers', recordOf(NumberStateSchema), () => ({}));
/** Derived from numbers by the background (lib/number-summary.ts): what the popup's list paints from. */
export const numberSummariesItem = typedItem<Record<string, NumberSummary>>(
  'local:numberSummaries',
  recordOf(NumberSummarySchema),
  () => ({}),
);
export const registrationsItem = typedItem<Record<string, NumberRegistration>>(
  'local:registrations',
  recordOf(NumberRegistrationSchema),
  () => ({}),
);
/** Two-step verification PINs. Never sent to a content script, never exported. */
export const pinsItem = typedItem<Record<string, PinEntry>>('local:pins', recordOf(PinEntrySchema), () => ({}));
export const engineItem = typedItem<EngineState>('local:engine', EngineStateSchema, () => EngineStateSchema.parse({}));
export const schemaVersionItem = typedItem<number>('local:schemaVersion', z.number().check(z.int()), () => 0);

/** The token and its status, read and written together: no reader ever sees one without the other. */
export interface TokenPair {
  token: string | null;
  status: TokenStatus;
}

export const tokenPairItem = {
  async getValue(): Promise<TokenPair> {
    const values = new Map((await storage.getItems([tokenItem.key, tokenStatusItem.key])).map((v) => [v.key, v.value]));
    return { token: tokenItem.parse(values.get(tokenItem.key)), status: tokenStatusItem.parse(values.get(tokenStatusItem.key)) };
  },
  /** Atomic read-modify-write of both (under the status's mutex, like tokenStatusItem.update). */
  update(fn: (current: TokenPair) => TokenPair | Promise<TokenPair>): Promise<TokenPair> {
    return withMutex(tokenStatusItem.key, async () => {
      const current = await tokenPairItem.getValue();
      const next = await fn(current);
      if (next !== current) {
        await storage.setItems([
          { key: tokenItem.key, value: next.token },
          { key: tokenStatusItem.key, value: next.status },
        ]);
      }
      return next;
    });
  },
};

/** Everything the engine stores, as one dependency. */
export const stores = {
  token: tokenItem,
  tokenStatus: tokenStatusItem,
  tokenPair: tokenPairItem,
  settings: settingsItem,
  accounts: accountsItem,
  numbers: numbersItem,
  registrations: registrationsItem,
  pins: pinsItem,
  engine: engineItem,
} as const;
export type Stores = typeof stores;
