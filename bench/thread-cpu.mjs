/**
 * CPU time of the calling thread (main thread or worker thread), in ms, or undefined where the
 * system does not say (not Linux). Linux's /proc/thread-self/schedstat gives the thread's time on
 * a CPU in nanoseconds (and its time waiting for one); /proc/thread-self/stat's utime + stime in
 * clock ticks is the fallback. process.cpuUsage() cannot serve: in a worker thread it is the whole
 * process's (Node 20 has no process.threadCpuUsage()).
 */
import { readFileSync } from 'node:fs';

/** The BroadcastChannel on which bench/ingest-analyzer.mjs reports its worker thread's CPU time. */
export const INGEST_CPU_CHANNEL = 'saksi-bench-ingest-cpu';

let source = process.platform === 'linux' ? 'schedstat' : 'none';

/** { cpuMs, waitMs } of this thread: its time on a CPU and, from schedstat only, its time runnable but waiting for one. */
export function threadTimes() {
  if (source === 'schedstat') {
    try {
      const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
      if (Number.isFinite(run)) return { cpuMs: run / 1e6, waitMs: Number.isFinite(wait) ? wait / 1e6 : undefined };
    } catch {}
    source = 'stat';
  }
  if (source === 'stat') {
    try {
      const s = readFileSync('/proc/thread-self/stat', 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      // Fields 14 and 15 (utime, stime) of proc(5), counted from 1: here from field 3 on. USER_HZ is 100 on Linux.
      return { cpuMs: ((Number(f[11]) + Number(f[12])) * 1000) / 100, waitMs: undefined };
    } catch {}
    source = 'none';
  }
  return { cpuMs: undefined, waitMs: undefined };
}

export function threadCpuMs() {
  return threadTimes().cpuMs;
}
