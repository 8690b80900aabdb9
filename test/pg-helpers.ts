/**
 * PostgreSQL for tests: the server from SAKSI_TEST_PG (default postgres://postgres@127.0.0.1:5432/test),
 * probed once; suites skip with one visible line when none answers. Each test works in its own
 * schema with a random name, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { UNCHECKED_REFERENCES } from '../src/store/postgres/schema.js';

export const TEST_PG_URL = process.env['SAKSI_TEST_PG'] || 'postgres://postgres@127.0.0.1:5432/test';

let probe: Promise<string | undefined> | undefined;

/** Undefined when the server answers, else why not. */
export function pgUnavailable(): Promise<string | undefined> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (err) {
      return (err as Error).message || String(err);
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probe;
}

/** Prints the one line saying the suite is skipped and how to run it; returns whether to skip. */
export async function skipWithoutPg(suite: string): Promise<boolean> {
  const why = await pgUnavailable();
  if (why === undefined) return false;
  // Asked for by name (as .ci/run does): a missing server is a failure, not a skip.
  if (process.env['SAKSI_TEST_PG']) throw new Error(`${suite}: SAKSI_TEST_PG=${TEST_PG_URL.replace(/:[^:@/]*@/, ':***@')} does not answer: ${why}`);
  console.warn(
    `${suite}: skipped, no PostgreSQL at ${TEST_PG_URL.replace(/:[^:@/]*@/, ':***@')} (${why}); run with SAKSI_TEST_PG=postgres://user@host:5432/db npx vitest run`,
  );
  return true;
}

/** A fresh schema name, unique per call. */
export function schemaName(prefix = 'saksi_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops schemas (and everything in them). */
export async function dropSchemas(names: Iterable<string>): Promise<void> {
  const list = [...names];
  if (list.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    for (const s of list) await client.query(`DROP SCHEMA IF EXISTS "${s.replace(/"/g, '""')}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * The references the server does not check (UNCHECKED_REFERENCES: rows whose parent document or
 * entity is missing), counted in one schema: `mentions.entity_id: 2`; empty when none dangles.
 */
export async function danglingReferences(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const s = `"${schema.replace(/"/g, '""')}"`;
    const out: string[] = [];
    for (const r of UNCHECKED_REFERENCES) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM ${s}.${r.table} c WHERE NOT EXISTS (SELECT 1 FROM ${s}.${r.parent} p WHERE p.id = c.${r.column})`,
      );
      if (rows[0].n > 0) out.push(`${r.table}.${r.column}: ${rows[0].n}`);
    }
    return out;
  } finally {
    await client.end();
  }
}
