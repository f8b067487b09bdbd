import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../infra/paths';
import { PidFiles, type PidRecord } from '../../infra/supervision/pid-files';
import { isSameProcess } from '../../infra/supervision/process-identity';
import { freeLowPort } from '../../infra/cluster/ports';
import { clientTlsEnv, clusterTlsFiles } from '../../infra/cluster/tls';
import { temporalTls } from '../../infra/temporal-tls';
import type { TemporalEndpoint } from './temporal-inspect';

/** The addresses one topology uses; free ones, so the tier runs beside a developer's own start. */
export interface ClusterPorts {
  api: number;
  temporal: number;
  temporalUi: number;
  postgres: number;
}

export async function freeClusterPorts(): Promise<ClusterPorts> {
  return { api: await freeLowPort(), temporal: await freeLowPort(), temporalUi: await freeLowPort(), postgres: await freeLowPort() };
}

export interface ClusterRunOptions {
  /** `start:cluster` (default) or `start`, the embedded topology (the benchmark's reference). */
  script?: 'start:cluster' | 'start';
  dataDir: string;
  ports: ClusterPorts;
  jwtSecret: string;
  /** Log file of this start (stdout and stderr of the whole tree). */
  logFile: string;
  extraEnv?: NodeJS.ProcessEnv;
}

/**
 * One `npm run start:cluster` (or `npm start`), started as a user would, with the npm process as the top PID —
 * the one SIGTERM and kill -9 are sent to. In a process group of its own so that the test
 * runner's terminal signals do not reach it; its output goes to a file (a pipe nobody reads
 * would block the tree).
 */
export class ClusterRun {
  readonly npm: ChildProcess;
  readonly pids: PidFiles;
  private exited = false;

  constructor(readonly opts: ClusterRunOptions) {
    const out = fs.openSync(opts.logFile, 'a');
    const env: NodeJS.ProcessEnv = {
      ...withoutStackVariables(process.env),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HUIYING_DATA_DIR: opts.dataDir,
      HUIYING_PORT: String(opts.ports.api),
      TEMPORAL_PORT: String(opts.ports.temporal),
      TEMPORAL_UI_PORT: String(opts.ports.temporalUi),
      HUIYING_PG_PORT: String(opts.ports.postgres),
      HUIYING_JWT_SECRET: opts.jwtSecret,
      HUIYING_WORKER_PROCESSES: '2',
      HUIYING_API_PROCESSES: '2',
      // The load below comes from one address; the limit is not what is tested here.
      HUIYING_RATE_LIMIT_PER_MINUTE: '1000000',
      ...opts.extraEnv,
    };
    const script = opts.script ?? 'start:cluster';
    this.npm = spawn('npm', ['run', '--silent', script], { cwd: projectRoot, env, stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    this.npm.once('exit', () => (this.exited = true));
    this.pids = new PidFiles(script === 'start' ? path.join(opts.dataDir, 'run') : path.join(opts.dataDir, 'cluster', 'run'));
  }

  get api(): string {
    return `http://127.0.0.1:${this.opts.ports.api}`;
  }

  get temporalAddress(): string {
    return `127.0.0.1:${this.opts.ports.temporal}`;
  }

  /** The frontend with the API replicas' client certificate (the topology's frontend requires mTLS). */
  get temporal(): TemporalEndpoint {
    return { address: this.temporalAddress, tls: temporalTls(clientTlsEnv(clusterTlsFiles(path.join(this.opts.dataDir, 'cluster')), 'api')) };
  }

  get hasExited(): boolean {
    return this.exited;
  }

  log(): string {
    return fs.existsSync(this.opts.logFile) ? fs.readFileSync(this.opts.logFile, 'utf8') : '';
  }

  /** Resolves once the banner is printed; rejects (with the log's tail) if the start fails. */
  async ready(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.log().includes('[huiying] ready')) {
      if (this.exited || Date.now() > deadline) {
        // The supervisor's own lines say which step failed; the replicas' shutdown logs that follow
        // a failed start would push them out of a plain tail.
        const supervisor = this.log().split('\n').filter((line) => line.startsWith('[huiying]') || line.startsWith('[provision]'));
        throw new Error(
          `${this.opts.script ?? 'start:cluster'} did not become ready (${this.exited ? 'it exited' : 'timeout'}).\n` +
            `Supervisor:\n${supervisor.join('\n')}\nLast lines:\n${this.tail()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** The live pid record of one supervised process (`worker-1`, `api-2`, `main`, …). */
  record(name: string): PidRecord | undefined {
    return this.pids.live().find((r) => r.name === name);
  }

  /** Resolves once the supervisor has started `name` again under another PID. */
  async restarted(name: string, oldPid: number, timeoutMs: number): Promise<PidRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const record = this.record(name);
      if (record && record.pid !== oldPid && isSameProcess(record)) return record;
      if (Date.now() > deadline) throw new Error(`${name} (was pid ${oldPid}) was not restarted within ${timeoutMs / 1000} s:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Resolves with true once npm has exited, false after `timeoutMs`. */
  async exit(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return this.exited;
  }

  tail(lines = 40): string {
    return this.log().split('\n').slice(-lines).join('\n');
  }
}

/** The test runner's own stack settings must not leak into the topology under test. */
function withoutStackVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of Object.keys(copy)) {
    if (/^(DATABASE_URL|TEMPORAL_ADDRESS|HUIYING_|OPEN311_|NOTIFY_WEBHOOK_)/.test(name)) delete copy[name];
  }
  return copy;
}
