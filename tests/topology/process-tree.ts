import fs from 'node:fs';
import { identify, isSameProcess, type ProcessIdentity } from '../../infra/supervision/process-identity';

/** A process of the tree, with its command line for the failure message. */
export interface TreeProcess extends ProcessIdentity {
  command: string;
}

/**
 * Every process descending from `root` (and root itself), found by parent PID in /proc. Not by
 * process group: PostgreSQL's children put themselves in sessions of their own.
 */
export function processTree(root: number): TreeProcess[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(Number(entry));
    if (ppid === undefined) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: TreeProcess[] = [];
  const visit = (pid: number) => {
    const identity = identify(pid);
    if (identity) found.push({ ...identity, command: commandOf(pid) });
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return found;
}

/** The ones still running (same PID and start time: a reused PID is not a survivor). */
export function survivors(processes: TreeProcess[]): TreeProcess[] {
  return processes.filter(isSameProcess);
}

/** Resolves with the survivors once none is left or `timeoutMs` has passed. */
export async function waitUntilGone(processes: TreeProcess[], timeoutMs: number): Promise<TreeProcess[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = survivors(processes);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the parenthesised command name: state, then the parent PID.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 160);
  } catch {
    return '?';
  }
}
