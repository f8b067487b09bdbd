import fs from 'node:fs';

/**
 * Who a PID is, so that a pid file written by an earlier start is only acted on when the PID
 * still names that very process: PIDs are reused, and killing a stranger would be far worse than
 * leaving an orphan. Linux's /proc gives each process a start time (clock ticks since boot) that
 * never repeats for a reused PID; elsewhere there is no such check and nothing is killed.
 */
export interface ProcessIdentity {
  pid: number;
  /** Field 22 of /proc/<pid>/stat; undefined where /proc is not available. */
  startTime?: string;
}

export function identify(pid: number): ProcessIdentity | undefined {
  if (!isAlive(pid)) return undefined;
  return { pid, startTime: startTimeOf(pid) };
}

/** True while `pid` is the same process as `identity` (and it still runs). */
export function isSameProcess(identity: ProcessIdentity): boolean {
  if (!identity.startTime || !isAlive(identity.pid)) return false;
  return startTimeOf(identity.pid) === identity.startTime;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: split after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function startTimeOf(pid: number): string | undefined {
  // After the name, field 3 (state) is index 0, so field 22 (starttime) is index 19.
  return statFields(pid)?.[19];
}

/** A zombie has exited and only waits for its parent to collect it. */
function isZombie(pid: number): boolean {
  return statFields(pid)?.[0] === 'Z';
}
