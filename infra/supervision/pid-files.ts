import fs from 'node:fs';
import path from 'node:path';
import { identify, isSameProcess, type ProcessIdentity } from './process-identity';

/**
 * One file per process a start launched, in `<data folder>/run/`: `<name>.pid` holding the PID,
 * its start time and how it wants to be stopped. A start that was killed (kill -9, power loss)
 * leaves them behind; the next start on the same data folder reads them and stops exactly those
 * processes that are still the ones recorded (never a kill by name, never a reused PID).
 */
export interface PidRecord extends ProcessIdentity {
  name: string;
  /** What it is, for the message that says what was cleaned up. */
  description: string;
  /** PostgreSQL wants SIGINT (fast shutdown); SIGTERM would wait for its clients to leave. */
  stopSignal: NodeJS.Signals;
}

export class PidFiles {
  constructor(readonly runDir: string) {}

  /** Records a process this start launched; overwrites an earlier record of the same name. */
  record(name: string, pid: number, description: string, stopSignal: NodeJS.Signals = 'SIGTERM'): void {
    const identity = identify(pid);
    if (!identity) return;
    fs.mkdirSync(this.runDir, { recursive: true });
    const record: PidRecord = { ...identity, name, description, stopSignal };
    fs.writeFileSync(this.file(name), JSON.stringify(record));
  }

  forget(name: string): void {
    fs.rmSync(this.file(name), { force: true });
  }

  /** Every record on disk, unreadable ones dropped. */
  list(): PidRecord[] {
    if (!fs.existsSync(this.runDir)) return [];
    return fs
      .readdirSync(this.runDir)
      .filter((f) => f.endsWith('.pid'))
      .flatMap((f) => {
        try {
          return [JSON.parse(fs.readFileSync(path.join(this.runDir, f), 'utf8')) as PidRecord];
        } catch {
          fs.rmSync(path.join(this.runDir, f), { force: true });
          return [];
        }
      });
  }

  /** Records whose process still runs (and is still that process). */
  live(): PidRecord[] {
    return this.list().filter(isSameProcess);
  }

  private file(name: string): string {
    return path.join(this.runDir, `${name}.pid`);
  }
}
