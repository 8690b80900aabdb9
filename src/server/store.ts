/** The one place the server opens its store: the factory picks the backend from the location. */
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';

export function openServerStore(location: string): Promise<Store> {
  return openStore(location);
}
