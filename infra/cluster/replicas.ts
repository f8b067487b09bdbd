import cluster from 'node:cluster';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../paths';

/** From source (`node --import tsx`) the children load .ts through tsx too; compiled, plain .js. */
const fromSource = path.extname(__filename) === '.ts';
const execArgv = fromSource ? ['--import', 'tsx'] : [];
const entry = (name: 'worker' | 'api') =>
  fromSource ? path.join(projectRoot, name, 'main.ts') : path.join(projectRoot, 'dist', name, 'main.js');

/**
 * One Temporal worker process (worker/main.ts). Forked, so it has an IPC channel: when this
 * supervisor dies, even by kill -9, the channel closes and the worker drains and exits.
 */
export function launchWorker(env: NodeJS.ProcessEnv): ChildProcess {
  return fork(entry('worker'), [], { env, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/**
 * One API process (api/main.ts) through Node's cluster module: this process owns the listening
 * socket and hands connections to the replicas in turn, so all of them answer on one port. A
 * cluster child exits by itself when its primary dies.
 */
export function launchApi(env: NodeJS.ProcessEnv): ChildProcess {
  cluster.setupPrimary({ exec: entry('api'), execArgv, silent: false });
  return cluster.fork(env).process;
}
