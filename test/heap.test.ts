// The ingest's heap setting (issue 8 point 6): applied once by long-running commands, never over a
// heap flag the user chose. Its effect on peak RSS is measured by `npm run bench` (ingest-memory).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HEAP = fileURLToPath(new URL('../dist/corpus/heap.js', import.meta.url));
const probe = `const { keepHeapNearLive } = await import(${JSON.stringify(HEAP)}); console.log(JSON.stringify([keepHeapNearLive(), keepHeapNearLive()]));`;
const budgetProbe = `const { optimiseLater } = await import(${JSON.stringify(HEAP)}); console.log(JSON.stringify([optimiseLater(), optimiseLater()]));`;

function run(execArgv: string[], env: Record<string, string> = {}, code = probe): unknown {
  const out = execFileSync(process.execPath, [...execArgv, '--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env } });
  return JSON.parse(out);
}

describe('keepHeapNearLive', () => {
  it('sets the growth factor once', () => {
    expect(run([])).toEqual([true, false]);
  });

  it('leaves a heap flag of the user alone', () => {
    expect(run(['--heap-growing-percent=80'])).toEqual([false, false]);
    expect(run(['--optimize-for-size'])).toEqual([false, false]);
  });
});

// The interrupt budget for processes that start analysis workers (issue 8 point 7, bench/commit-rate.mjs).
describe('optimiseLater', () => {
  it('sets the interrupt budget once', () => {
    expect(run([], {}, budgetProbe)).toEqual([true, false]);
  });

  it('leaves a budget the user chose alone', () => {
    expect(run(['--interrupt-budget=100000'], {}, budgetProbe)).toEqual([false, false]);
  });
});
