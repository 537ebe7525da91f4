import { IDBFactory } from 'fake-indexeddb';
import { closeDatabase } from '@/lib/storage/db';

/** An empty IndexedDB (in memory), as fakeBrowser.reset() empties browser storage. */
export async function resetIndexedDb(): Promise<void> {
  await closeDatabase();
  globalThis.indexedDB = new IDBFactory();
}
