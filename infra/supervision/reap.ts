import { isSameProcess } from './process-identity';
import type { PidFiles, PidRecord } from './pid-files';

const GRACE_MS = 10_000;

/**
 * Stops what an earlier start on this data folder left running, from its pid files, and says
 * what it did. Returns one line per process stopped. The main process's own record is never
 * reaped here: a live one means another start is running (see claimMain).
 */
export async function reapLeftovers(pids: PidFiles, log: (line: string) => void): Promise<string[]> {
  const cleaned: string[] = [];
  for (const record of pids.list()) {
    if (record.name === MAIN) continue;
    if (isSameProcess(record)) {
      const how = await stopRecorded(record);
      const line = `stopped ${record.description} (pid ${record.pid}) left running by an earlier start (${how})`;
      cleaned.push(line);
      log(line);
    }
    pids.forget(record.name);
  }
  return cleaned;
}

export const MAIN = 'main';

/**
 * Records this process as the main one of the data folder. Refuses when a live main process is
 * already recorded: two starts on one data folder would fight over its database files.
 */
export function claimMain(pids: PidFiles, description: string): void {
  const current = pids.list().find((r) => r.name === MAIN);
  if (current && current.pid !== process.pid && isSameProcess(current)) {
    throw new Error(`${current.description} (pid ${current.pid}) is already running on this data folder; stop it first`);
  }
  pids.record(MAIN, process.pid, description);
}

/** Sends the record's stop signal, then SIGKILL after the grace time. */
async function stopRecorded(record: PidRecord): Promise<string> {
  try {
    process.kill(record.pid, record.stopSignal);
  } catch {
    return 'already gone';
  }
  const deadline = Date.now() + GRACE_MS;
  while (Date.now() < deadline) {
    if (!isSameProcess(record)) return record.stopSignal;
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(record.pid, 'SIGKILL');
  } catch {
    // exited between the check and the kill
  }
  return `SIGKILL after ${GRACE_MS / 1000} s`;
}

/** Last resort at the shutdown deadline: SIGKILL every recorded child that still runs. */
export function killRecorded(pids: PidFiles): void {
  for (const record of pids.live()) {
    if (record.name === MAIN) continue;
    try {
      process.kill(record.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
