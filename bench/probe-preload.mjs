/**
 * Preloaded into every process of a benchmarked topology (NODE_OPTIONS=--import …): on SIGUSR2
 * the main thread runs a full garbage collection (through the in-process inspector, no
 * --expose-gc needed) and writes process.memoryUsage() to BENCH_PROBE_DIR/<pid>.json, so the
 * benchmark tells memory a process holds from garbage it has not collected yet.
 * With BENCH_CPU_PROF_DIR set it also records a V8 CPU profile of the thread from start to
 * exit (<pid>[-thread-<id>].cpuprofile; node refuses --cpu-prof in NODE_OPTIONS). In-process
 * inspector calls answer synchronously, so the `exit` handler can still write it.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';

const probeDir = process.env.BENCH_PROBE_DIR;
const profileDir = process.env.BENCH_CPU_PROF_DIR;
const session = probeDir || profileDir ? new inspector.Session() : undefined;
session?.connect();

if (session && probeDir && isMainThread) {
  process.on('SIGUSR2', () => {
    session.post('HeapProfiler.collectGarbage', () => {
      const file = path.join(probeDir, `${process.pid}.json`);
      fs.writeFileSync(`${file}.tmp`, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
      fs.renameSync(`${file}.tmp`, file);
    });
  });
}

if (session && profileDir) {
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      const name = `${process.pid}${isMainThread ? '' : `-thread-${threadId}`}.cpuprofile`;
      fs.writeFileSync(path.join(profileDir, name), JSON.stringify(result.profile));
    });
  });
}
