/**
 * Preloaded by BENCH_CPU_PROF=1 (NODE_OPTIONS=--import …; node refuses --cpu-prof there): a V8
 * CPU profile of this thread from start to exit, written to BENCH_CPU_PROF_DIR as
 * <pid>[-thread-<id>].cpuprofile. In-process inspector calls answer synchronously, so the `exit`
 * handler can still write it.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (err || !result) return;
      const name = `${process.pid}${isMainThread ? '' : `-thread-${threadId}`}.cpuprofile`;
      fs.writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
    });
  });
}
