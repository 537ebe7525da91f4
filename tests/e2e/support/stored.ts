/**
 * Reads what the extension stores, by the names its v2 layout used (`numbers`, `pins`, `graphToken`,
 * `accounts`, ...), wherever v3 keeps it (IndexedDB records, or storage.local). Self-contained: it is
 * serialised into an extension page or the background (Playwright and Puppeteer `evaluate`), in Chromium
 * and Firefox.
 */
export async function readStoredInPage(key: string): Promise<unknown> {
  const perRecord: Record<string, string> = {
    numbers: 'numbers',
    numberSummaries: 'summaries',
    registrations: 'registrations',
    pins: 'pins',
  };
  const kv: Record<string, string> = { graphToken: 'token', tokenStatus: 'tokenStatus' };
  const g = globalThis as unknown as { browser?: typeof chrome; chrome: typeof chrome };
  const ext = g.browser ?? g.chrome;
  if (!(key in perRecord) && !(key in kv) && key !== 'accounts') return (await ext.storage.local.get(key))[key];
  const db = await new Promise<IDBDatabase | undefined>((resolve) => {
    const req = indexedDB.open('waba-health', 1);
    // Not created by the extension yet: do not create it here (it would have no stores).
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(undefined);
  });
  if (!db) return undefined;
  const all = (store: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const out: Record<string, unknown> = {};
      const req = db.transaction(store).objectStore(store).openCursor();
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor) return resolve(out);
        out[String(cursor.key)] = cursor.value;
        cursor.continue();
      };
      req.onerror = () => reject(req.error);
    });
  const one = (store: string, k: string) =>
    new Promise<unknown>((resolve, reject) => {
      const req = db.transaction(store).objectStore(store).get(k);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  try {
    if (key in perRecord) return await all(perRecord[key]!);
    if (key in kv) return await one('kv', kv[key]!);
    const [wabas, meta] = await Promise.all([all('wabas'), one('kv', 'accountsMeta')]);
    return { ...(meta as object), wabas };
  } finally {
    db.close();
  }
}
