import fs from 'node:fs';
import path from 'node:path';

/** Removes the folder of the workflow bundle written by the global setup. */
export default async function globalTeardown(): Promise<void> {
  const bundle = process.env.HUIYING_WORKFLOW_TEST_BUNDLE;
  if (bundle) fs.rmSync(path.dirname(bundle), { recursive: true, force: true });
}
