import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, storeBackend } from '../src/store/open.js';
import { StoreError } from '../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'saksi-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('picks the backend from the location', () => {
    expect(storeBackend('./saksi.db')).toEqual({ backend: 'sqlite', target: './saksi.db' });
    expect(storeBackend('C:\\corpus\\saksi.db')).toEqual({ backend: 'sqlite', target: 'C:\\corpus\\saksi.db' });
    expect(storeBackend('postgres://u@h/db').backend).toBe('postgres');
    expect(storeBackend('POSTGRESQL://u@h:5432/db').backend).toBe('postgres');
    expect(storeBackend(pathToFileURL('/tmp/a b.db').href)).toEqual({ backend: 'sqlite', target: '/tmp/a b.db' });
    expect(storeBackend('sqlite:/tmp/x.db')).toEqual({ backend: 'sqlite', target: '/tmp/x.db' });
    expect(() => storeBackend('mysql://h/db')).toThrow(/unknown kind of store location/);
  });

  it('opens a SQLite store from a path, and a PostgreSQL store from a postgres:// URL', async () => {
    const path = join(dir, 'a.db');
    const store = await openStore(path);
    await store.transaction(async (w) => void (await w.recordFailure({ key: 'k', origin: 'o', code: 'c', message: 'm' })));
    await store.close();
    const again = await openStore(path, { readonly: true });
    expect((await again.stats()).failures).toBe(1);
    await again.close();
    await expect(openStore(join(dir, 'missing.db'), { readonly: true })).rejects.toThrow(/no store at/);
    // A postgres:// URL goes to the PostgreSQL store: an unreachable server is one clear StoreError naming the host.
    const err = await openStore('postgres://user@127.0.0.1:1/saksi').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/^cannot connect to PostgreSQL at 127\.0\.0\.1:1/);
  });
});
