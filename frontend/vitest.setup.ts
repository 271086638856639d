// An in-memory IndexedDB on the global object, before Dexie loads: Dexie reads it from there once.
import 'fake-indexeddb/auto';
