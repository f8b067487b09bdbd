import fs from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';

/**
 * Command and arguments that make a server binary receive SIGTERM when the process that started
 * it dies, even by kill -9 (Linux's parent-death signal, set by util-linux's `setpriv`, which
 * then execs the binary: same PID, nothing in between). Without setpriv the command is returned
 * unchanged and the pid files of the next start are the only safety net.
 *
 * Node children need no such help: they watch their IPC channel (worker/main.ts, api/main.ts).
 */
export function dieWithParent(command: string, args: string[]): [string, string[]] {
  if (process.platform !== 'linux' || !fs.existsSync(SETPRIV)) return [command, args];
  return [SETPRIV, ['--pdeathsig', 'SIGTERM', '--', command, ...args]];
}
