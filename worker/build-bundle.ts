/**
 * `tsx worker/build-bundle.ts [out]` (part of `npm run build`): bundles workflows/ once, ahead of
 * time, so production workers start without webpack or the TypeScript sources. Writes
 * dist/workflow-bundle.js unless another path is given; run the worker with
 * HUIYING_WORKFLOW_BUNDLE=<that path>.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../infra/codec/data-converter';
import { projectRoot } from '../infra/paths';
import { workflowsPath } from './create-worker';

async function main() {
  const out = path.resolve(process.argv[2] ?? path.join(projectRoot, 'dist', 'workflow-bundle.js'));
  const started = Date.now();
  const { code } = await bundleWorkflowCode({ workflowsPath, ...workflowBundleOptions });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  const kib = (Buffer.byteLength(code) / 1024).toFixed(1);
  process.stdout.write(`workflow bundle: ${out} (${kib} KiB, ${Date.now() - started} ms)\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
