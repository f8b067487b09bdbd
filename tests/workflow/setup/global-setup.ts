/**
 * Once per run of the workflow tests: makes sure Temporal's time-skipping test server is
 * provisioned, and bundles the workflows for the test workers.
 *
 * The bundle deliberately leaves out the production payload converter and the workflow
 * interceptors of infra/codec (workflowBundleOptions): those refuse inputs that were not sealed by
 * the AES-GCM codec, and these tests talk to the workflows through the default data converter.
 * What is under test here is the workflows' own logic against real time limits.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

const root = path.resolve(__dirname, '../../..');

export default async function globalSetup(): Promise<void> {
  const server = execFileSync('bash', [path.join(root, 'scripts/ensure-temporal-test-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../../workflows'),
    logger: quietLogger,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-workflow-tests-'));
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, code);
  process.env.HUIYING_TEST_SERVER_PATH = server;
  process.env.HUIYING_WORKFLOW_TEST_BUNDLE = bundlePath;
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
};
