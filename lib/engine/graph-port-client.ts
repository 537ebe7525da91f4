import { createGraphClient } from '../graph/client';
import type { FetchLike } from '../graph/transport';
import type { GraphPort, GraphPortFactory, GraphPortOptions, WabaRead } from './graph-port';
import type { GraphError } from '../graph/errors';

/**
 * Binds the engine's GraphPort to the Graph client. `fetch` is injected; `baseUrl` exists only for tests
 * and the benchmark in Node (the extension always talks to https://graph.facebook.com).
 */
export function clientPortFactory(deps: { fetch: FetchLike; baseUrl?: string; now?: () => number }): GraphPortFactory {
  return (options: GraphPortOptions): GraphPort => {
    let calls = 0;
    const countingFetch: FetchLike = (input, init) => {
      calls++;
      return deps.fetch(input, init);
    };
    const client = createGraphClient({
      token: options.token,
      version: options.version,
      fetch: countingFetch,
      baseUrl: deps.baseUrl,
      now: deps.now,
      onUsage: options.onUsage,
    });
    return {
      debugToken: () => client.debugToken(),
      listBusinesses: async () => (await client.listBusinesses()).items,
      listOwnedWabas: async (id) => (await client.listOwnedWabas(id)).items,
      listClientWabas: async (id) => (await client.listClientWabas(id)).items,
      async readWabas(ids) {
        const results = await client.getWabasWithPhoneNumbers(ids);
        const out = new Map<string, WabaRead | GraphError>();
        for (const [id, r] of results)
          out.set(
            id,
            r.ok
              ? {
                  waba: r.waba,
                  phoneNumbers: r.phoneNumbers,
                  complete: !r.truncated && r.malformed.length === 0,
                  subscribedApps: r.subscribedApps,
                }
              : r.error,
          );
        return out;
      },
      readPhoneNumbers: (ids) => client.getPhoneNumbersHealth(ids),
      async register(phoneId, pin) {
        await client.register(phoneId, pin);
      },
      requestCode: client.requestCode,
      verifyCode: client.verifyCode,
      httpCalls: () => calls,
    };
  };
}
