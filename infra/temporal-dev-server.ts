import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SA } from '../workflows/requests/definitions';
import { searchAttributeFlags } from './search-attributes';
import { dieWithParent } from './supervision/parent-death';
import { stopChild } from './supervision/stop-child';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** Web UI port; omit for a headless server (tests). */
  uiPort?: number;
  /** The codec server Temporal UI decodes payloads through (Huiying's API, /codec). */
  uiCodecEndpoint?: string;
  /** SQLite file for persistence; omit for in-memory (tests). */
  dbFile?: string;
  namespace?: string;
  /** Closed-workflow retention, e.g. '720h' (the dev server's default is 24 h). */
  retention?: string;
  logFile?: string;
  extraArgs?: string[];
}

export interface DevServerHandle {
  address: string;
  pid?: number;
  uiUrl?: string;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` as a child process: custom search attributes registered,
 * updates and update-with-start enabled, SQLite in WAL mode when persistent. Resolves once the
 * frontend answers gRPC; stop() sends SIGTERM and waits (SIGKILL after 10 s).
 */
export async function startTemporalDevServer(opts: DevServerOptions): Promise<DevServerHandle> {
  const namespace = opts.namespace ?? 'default';
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    '--dynamic-config-value',
    'frontend.enableExecuteMultiOperation=true',
    ...searchAttributeFlags(),
  ];
  if (opts.uiPort) {
    args.push('--ui-port', String(opts.uiPort), '--ui-ip', '127.0.0.1');
    if (opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  } else args.push('--headless');
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=2');
  }
  args.push(...(opts.extraArgs ?? []));

  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  // It gets SIGTERM if the start that launched it is killed (kill -9 included).
  const [command, argv] = dieWithParent(opts.cliPath, args);
  const child: ChildProcess = spawn(command, argv, { stdio: ['ignore', out, out] });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));

  const address = `127.0.0.1:${opts.port}`;
  const stop = () => stopChild(child, 10_000);
  try {
    await waitForFrontend(address, () => exited, opts.logFile);
    if (opts.retention) setRetention(opts.cliPath, address, namespace, opts.retention);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, pid: child.pid, uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined, stop };
}

async function waitForFrontend(address: string, exited: () => string | undefined, logFile?: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const why = exited();
    if (why) throw new Error(`Temporal dev server ${why} during start${logFile ? `; see ${logFile}` : ''}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal dev server at ${address} did not answer within 60 s: ${String(lastError)}`);
}

/** Closed histories stay inspectable for auditors (the dev server keeps them only 24 h). */
function setRetention(cliPath: string, address: string, namespace: string, retention: string): void {
  const result = spawnSync(
    cliPath,
    ['operator', 'namespace', 'update', '--address', address, '--namespace', namespace, '--retention', retention],
    { encoding: 'utf8', timeout: 30_000 },
  );
  if (result.status !== 0) throw new Error(`setting retention failed: ${result.stderr || result.stdout}`);
}

export { SA };
