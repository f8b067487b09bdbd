import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection, type TLSConfig } from '@temporalio/client';
import { freeLowPort as freePort } from './ports';
import { dieWithParent } from '../supervision/parent-death';
import { clusterTools } from './settings';
import { dynamicConfig, serverConfig, type ServerPorts } from './temporal-server-config';
import type { TemporalStores } from './temporal-schema';

export interface TemporalServerFiles {
  /** `--root` of the server: holds config/production.yaml and the dynamic config. */
  root: string;
  logFile: string;
}

/**
 * Writes the server's configuration for this start. The frontend keeps its configured port;
 * the internal ports (history, matching, worker, membership) are free ones chosen now and kept
 * for the whole run, so a supervised restart of the server binds the same ones again.
 */
export async function writeServerConfig(opts: {
  dir: string;
  stores: TemporalStores;
  historyShards: number;
  frontendPort: number;
  /** `global.tls` (infra/cluster/tls.ts serverTlsConfig): mTLS on the frontend and between the services. */
  tls?: Record<string, unknown>;
}): Promise<TemporalServerFiles> {
  const ports: ServerPorts = {
    frontend: opts.frontendPort,
    frontendHttp: await freePort(),
    frontendMembership: await freePort(),
    history: await freePort(),
    historyMembership: await freePort(),
    matching: await freePort(),
    matchingMembership: await freePort(),
    worker: await freePort(),
    workerMembership: await freePort(),
  };
  const configDir = path.join(opts.dir, 'config');
  fs.mkdirSync(configDir, { recursive: true });
  const dynamicConfigFile = path.join(configDir, 'dynamic.yaml');
  fs.writeFileSync(dynamicConfigFile, JSON.stringify(dynamicConfig(), null, 2));
  const config = serverConfig({ stores: opts.stores, historyShards: opts.historyShards, ports, dynamicConfigFile, logLevel: 'warn', tls: opts.tls });
  // It holds the store passwords: readable by this user only.
  fs.writeFileSync(path.join(configDir, 'production.yaml'), JSON.stringify(config, null, 2), { mode: 0o600 });
  return { root: opts.dir, logFile: path.join(opts.dir, 'temporal-server.log') };
}

/** Launches `temporal-server start` (all services in one process) with output to its log file. */
export function launchTemporalServer(files: TemporalServerFiles): ChildProcess {
  const out = fs.openSync(files.logFile, 'a');
  const [command, args] = dieWithParent(clusterTools.server, [
    '--root',
    files.root,
    '--config',
    'config',
    '--env',
    'production',
    '--allow-no-auth',
    'start',
  ]);
  const child = spawn(command, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}

/** Resolves once the frontend answers and reports healthy; rejects after `timeoutMs`. */
export async function waitForFrontend(address: string, timeoutMs: number, logFile: string, tls?: TLSConfig): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000, tls });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`Temporal server at ${address} did not answer within ${timeoutMs / 1000} s (${String(lastError)}); see ${logFile}`);
}
