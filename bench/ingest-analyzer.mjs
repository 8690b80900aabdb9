/**
 * The bench's analyzer module for ingest's worker threads (`ingest(..., { analyzerModule })`):
 * the same analysis as ingest's default (createAnalyzer() of the build named by `?dist=DIR` in
 * this module's URL), which also tells the bench, through a BroadcastChannel, how much CPU time
 * its thread has used: once before its first document (what the worker's start cost: modules,
 * analyzer, knowledge base) and after each document. The stored result is the default's.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { INGEST_CPU_CHANNEL, threadCpuMs } from './thread-cpu.mjs';

const dist = new URL(import.meta.url).searchParams.get('dist');
const channel = new BroadcastChannel(INGEST_CPU_CHANNEL);
channel.unref?.();
const now = () => performance.timeOrigin + performance.now();
let calls = 0;
let impl;
if (dist) {
  const { createAnalyzer } = await import(pathToFileURL(join(dist, 'analysis', 'analyzer.js')).href);
  const analyzer = createAnalyzer();
  impl = (text, options) => analyzer.analyze(text, options);
}

export const analyze = impl
  ? (text, options) => {
      if (calls === 0) channel.postMessage({ threadId, calls, cpuMs: threadCpuMs(), at: now() });
      const r = impl(text, options);
      calls++;
      channel.postMessage({ threadId, calls, cpuMs: threadCpuMs(), at: now() });
      return r;
    }
  : undefined;
