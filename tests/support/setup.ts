import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { resetIndexedDb } from './idb';

// Every test starts on an empty IndexedDB (an in-memory implementation of the API; the real one runs in
// the e2e tests), as fakeBrowser's storage starts empty.
beforeEach(resetIndexedDb);
