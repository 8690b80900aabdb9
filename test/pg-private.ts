/**
 * A private PostgreSQL server for fault tests that restart it (initdb into a temporary folder, a
 * free port of its own, fsync off): never the shared server, whose other users' tests a restart
 * would break. `available` is false where no PostgreSQL binaries are installed (the suite skips).
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

function pgBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] !== undefined ? join(base, versions[0], 'bin') : undefined;
}

const bin = pgBin();
const root = process.getuid?.() === 0;

/** Whether this machine can run a private server (initdb, pg_ctl). */
export const privatePgAvailable = bin !== undefined;

/** A port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PrivateServer {
  /** The `test` database on it. */
  readonly url: string;
  /** A folder the server's user can write in, removed by `stop`. */
  readonly dir: string;
  /**
   * `pg_ctl restart -m fast`: every connection is cut. With `downMs`, the server stays down that
   * long between the stop and the start (a slow restart: clients surely meet it down).
   */
  restart(downMs?: number): Promise<void>;
  /** The first row's `n` of a query (a count), on a connection of its own. */
  count(sql: string): Promise<number>;
  stop(): void;
}

/** Initialises and starts a server with a database `test` in a temporary folder. */
export async function startPrivateServer(prefix: string): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const data = join(dir, 'data');
  const port = await freePort();
  const server = (cmd: string, args: string[]): void => {
    const full = join(bin!, cmd);
    // As the postgres user when this is root (the server refuses root).
    const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' }) : spawnSync(full, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
  };
  const pgCtl = (action: string[]): void => server('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', ...action]);
  mkdirSync(data);
  if (root) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, -1);
    chownSync(data, uid, -1);
  }
  server('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const startServer = (): void => pgCtl(['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  startServer();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE test');
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:${port}/test`;
  return {
    url,
    dir,
    restart: async (downMs = 0) => {
      if (downMs <= 0) return pgCtl(['-m', 'fast', 'restart']);
      pgCtl(['-m', 'fast', 'stop']);
      await new Promise((r) => setTimeout(r, downMs));
      startServer();
    },
    count: async (sql) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      try {
        return (await client.query(sql)).rows[0].n as number;
      } finally {
        await client.end();
      }
    },
    stop: () => {
      if (existsSync(join(data, 'postmaster.pid'))) {
        try {
          pgCtl(['-m', 'immediate', 'stop']);
        } catch {
          // already stopped
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
