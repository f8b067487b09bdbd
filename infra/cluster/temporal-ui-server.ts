import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { dieWithParent } from '../supervision/parent-death';
import { clusterTools } from './settings';

/** The UI server's `tls` section: mTLS to the frontend with the UI's client certificate. */
export interface UiTls {
  caFile: string;
  certFile: string;
  keyFile: string;
  serverName: string;
}

/** Every write switch of the UI server, on; GET /api/v1/settings reports them. */
export const UI_READ_ONLY = {
  disableWriteActions: true,
  workflowTerminateDisabled: true,
  workflowCancelDisabled: true,
  workflowSignalDisabled: true,
  workflowUpdateDisabled: true,
  workflowResetDisabled: true,
  batchActionsDisabled: true,
  startWorkflowDisabled: true,
  activityCommandsDisabled: true,
} as const;

/**
 * The standalone Temporal Web UI server (the one the temporalio/ui image runs), pointed at the
 * frontend. Its config loader reads `<root>/config/base.yaml` and then `<env>.yaml`. Payloads are
 * encrypted, so the UI decodes them in the browser through the API's codec server, sending the
 * auditor's sign-in cookie (includeCredentials: what the dev server's UI cannot be told).
 * Read-only: no write action (terminate, cancel, reset, signal, update, batch, start) from the
 * UI; Huiying's API is the only writer. It reaches the frontend with its own client certificate.
 */
export function writeUiConfig(
  dir: string,
  frontendAddress: string,
  port: number,
  namespace: string,
  codecEndpoint: string,
  tls?: UiTls,
): string {
  const configDir = path.join(dir, 'config');
  fs.mkdirSync(configDir, { recursive: true });
  const config = {
    temporalGrpcAddress: frontendAddress,
    host: '127.0.0.1',
    port,
    enableUi: true,
    defaultNamespace: namespace,
    // No internet here and none needed: do not ask GitHub for new versions.
    notifyOnNewVersion: false,
    cors: { cookieInsecure: true, allowOrigins: [], unsafeAllowAllOrigins: false },
    refreshInterval: '1m',
    codec: { endpoint: codecEndpoint, includeCredentials: true },
    ...UI_READ_ONLY,
    ...(tls ? { tls: { ...tls, enableHostVerification: true } } : {}),
  };
  fs.writeFileSync(path.join(configDir, 'base.yaml'), JSON.stringify(config, null, 2));
  fs.writeFileSync(path.join(configDir, 'production.yaml'), '{}\n');
  return dir;
}

export function launchUiServer(root: string): ChildProcess {
  const out = fs.openSync(path.join(root, 'ui-server.log'), 'a');
  const [command, args] = dieWithParent(clusterTools.uiServer, ['--root', root, '--config', 'config', '--env', 'production', 'start']);
  const child = spawn(command, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return child;
}
