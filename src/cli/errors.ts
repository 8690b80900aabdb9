import { statSync } from 'node:fs';

/** An error the user can act on: printed as one line, no stack, with a meaningful exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit codes, after sysexits(3) where one fits. */
export const EXIT = {
  ok: 0,
  /** Some inputs failed but the command did its work on the rest. */
  partial: 1,
  usage: 64,
  badInput: 65,
  noInput: 66,
  unavailable: 69,
  internal: 70,
  ioError: 74,
} as const;

/** Fails with 66 (no input) when a file named by an option is missing or not a file. */
export function requireFiles(files: readonly string[], option: string): void {
  for (const file of files) {
    let isFile = false;
    try {
      isFile = statSync(file).isFile();
    } catch {
      throw new CliError(`${option} ${file}: no such file`, EXIT.noInput);
    }
    if (!isFile) throw new CliError(`${option} ${file}: not a file`, EXIT.noInput);
  }
}
