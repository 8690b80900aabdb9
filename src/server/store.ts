/** The one place the server opens its store (swap for `openStore(location)` when the factory lands). */
import { openSqliteStore } from '../store/sqlite.js';
import type { Store } from '../store/store.js';

export function openServerStore(location: string): Store {
  return openSqliteStore(location);
}
