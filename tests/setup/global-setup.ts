/**
 * Starts, once per test run, the real infrastructure the integration tests use: an embedded
 * PostgreSQL (migrated and seeded) and a Temporal dev server from the provisioned CLI, both on
 * free ports in a temporary folder, plus the workflow bundle the test workers share.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createPrismaClient } from '../../infra/db';
import { startEphemeralStack } from '../../infra/stack';
import { workflowBundleOptions } from '../../infra/codec/data-converter';
import { workflowsPath } from '../../worker/create-worker';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const stack = await startEphemeralStack('huiying-test-', (line) => process.stderr.write(`[test stack] ${line}\n`));
  const dir = stack.dir;
  await extendCalendarCoverage(stack.databaseUrl);
  const { code } = await bundleWorkflowCode({ workflowsPath, ...workflowBundleOptions, logger: quietLogger });
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, code);

  process.env.HUIYING_TEST_DATABASE_URL = stack.databaseUrl;
  process.env.HUIYING_TEST_RUNTIME_DATABASE_URL = stack.runtimeDatabaseUrl;
  process.env.HUIYING_TEST_TEMPORAL_ADDRESS = stack.temporalAddress;
  process.env.HUIYING_TEST_BUNDLE = bundlePath;
  (globalThis as { __huiyingStack?: unknown }).__huiyingStack = { stack, dir };
  process.stderr.write(`[test stack] ready in ${Date.now() - started} ms\n`);
}

/**
 * The packaged statutory calendar ends with its last published year, and deadlines beyond it
 * fail loudly by design. Tests run on any date and compress time, so they declare the next
 * years covered with one certain fact each (1 January is a public holiday), as an operator
 * would by loading the State Council notice.
 */
async function extendCalendarCoverage(databaseUrl: string): Promise<void> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const year = new Date().getUTCFullYear();
    for (let y = year; y <= year + 3; y++) {
      await prisma.calendarDay.upsert({
        where: { date: `${y}-01-01` },
        create: { date: `${y}-01-01`, work: false, name: '元旦 (test coverage)' },
        update: {},
      });
    }
  } finally {
    await prisma.$disconnect();
  }
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
};
