import type { GraphError } from '../graph/errors';
import type { CodeMethod } from '../graph/inputs';
import type { GraphUsage } from '../graph/usage';
import type { Business, DebugTokenData, PhoneNumber, Waba } from '../graph/schemas';

/**
 * What the engine needs from Graph, as one narrow interface. Production binds it to the Graph client
 * (lib/engine/graph-port-client.ts); tests may bind it to the client over the simulator.
 */
export interface WabaRead {
  waba: Waba;
  phoneNumbers: PhoneNumber[];
  /** Every number of the WABA was read (no page cut off, no unreadable item): absent numbers are gone. */
  complete: boolean;
  /** Apps subscribed to its webhooks; undefined when Meta refused to say (permission). */
  subscribedApps?: Array<{ id: string; name?: string }>;
}

export interface GraphPort {
  debugToken(): Promise<DebugTokenData>;
  listBusinesses(): Promise<Business[]>;
  listOwnedWabas(businessId: string): Promise<Waba[]>;
  listClientWabas(businessId: string): Promise<Waba[]>;
  /** Each WABA with all its phone numbers (health fields), in as few HTTP calls as Graph allows. */
  readWabas(wabaIds: string[]): Promise<Map<string, WabaRead | GraphError>>;
  /** Health of specific numbers (batched). */
  readPhoneNumbers(phoneIds: string[]): Promise<Map<string, PhoneNumber | GraphError>>;
  register(phoneId: string, pin: string): Promise<void>;
  /** Ownership verification: Meta sends a code to the number (SMS or voice call, in `language`, e.g. en_US). */
  requestCode(phoneId: string, method: CodeMethod, language: string): Promise<unknown>;
  /** Ownership verification: the code the person received (6 digits; never stored). */
  verifyCode(phoneId: string, code: string): Promise<unknown>;
  /** HTTP requests made through this port so far. */
  httpCalls(): number;
}

export interface GraphPortOptions {
  token: string;
  version: string;
  onUsage?: (usage: GraphUsage) => void;
}

export type GraphPortFactory = (options: GraphPortOptions) => GraphPort;
