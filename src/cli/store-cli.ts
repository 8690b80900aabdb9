/**
 * What the commands over the store share: the `--db` option, opening the store with errors the
 * user can act on, colour only on a TTY, careful output to pipes.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import { openStore } from '../store/open.js';
import { StoreError, storePath, type Store } from '../store/store.js';
import { CliError, EXIT } from './errors.js';

export type Colors = ReturnType<typeof pc.createColors>;

/** Adds `--db FILE` to a command. */
export function dbOption(cmd: Command): Command {
  return cmd.option('--db <file>', 'the store file (default: $SAKSI_DB, else ./saksi.db)');
}

/** A store error as a one-line CLI error with a fitting exit code. */
export function storeErrorToCli(err: unknown): unknown {
  if (!(err instanceof StoreError)) return err;
  const code =
    err.code === 'missing' ? EXIT.noInput : err.code === 'bad-query' ? EXIT.usage : err.code === 'io' ? EXIT.ioError : err.code === 'not-a-store' ? EXIT.badInput : EXIT.unavailable;
  // Where the store is looked for: the flag and the variable that choose another one.
  const hint = err.code === 'missing' && !err.message.includes('--db') ? ', or name the store with --db FILE or SAKSI_DB' : '';
  return new CliError(`${err.message}${hint}`, code);
}

/**
 * Opens the store for a read command (it must exist: a missing store is a clear error, never a
 * new empty file), runs `fn`, and closes it.
 */
export async function withReadStore<T>(db: string | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  let store: Store;
  try {
    store = await openStore(storePath(db), { readonly: true });
  } catch (err) {
    throw storeErrorToCli(err);
  }
  try {
    return await fn(store);
  } catch (err) {
    throw storeErrorToCli(err);
  } finally {
    await store.close();
  }
}

/** Colours for a stream: only on a TTY, and never with NO_COLOR set. */
export function colorsFor(stream: NodeJS.WriteStream): Colors {
  return pc.createColors(Boolean(stream.isTTY) && !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb');
}

/** A positive integer option value. */
export function positiveInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`${option} expects a positive whole number, got '${value}'`, EXIT.usage);
  return n;
}

/** A positive number option value (fractions allowed). */
export function positiveNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${option} expects a positive number, got '${value}'`, EXIT.usage);
  return n;
}

/** A non-negative integer option value. */
export function nonNegativeInt(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${option} expects a whole number (0 or more), got '${value}'`, EXIT.usage);
  return n;
}

let pipeClosed = false;
let watching = false;

/** True once stdout's reader has gone (`saksi export | head`): stop producing output. */
export function stdoutClosed(): boolean {
  return pipeClosed;
}

function watchStdout(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      pipeClosed = true;
      return;
    }
    throw err;
  });
}

/** Writes to stdout, waiting when the pipe is full, so a large output streams in bounded memory. */
export async function writeOut(chunk: string): Promise<void> {
  watchStdout();
  if (pipeClosed) return;
  if (!process.stdout.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        process.stdout.off('drain', done);
        process.stdout.off('error', done);
        process.stdout.off('close', done);
        resolve();
      };
      process.stdout.once('drain', done);
      process.stdout.once('error', done);
      process.stdout.once('close', done);
    });
  }
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `n` with thousands separators, for tables. */
export function num(n: number): string {
  return n.toLocaleString('en-US');
}

/** Pads to `width` columns, counting code points. */
export function pad(s: string, width: number, right = false): string {
  const len = [...s].length;
  if (len >= width) return s;
  return right ? ' '.repeat(width - len) + s : s + ' '.repeat(width - len);
}
