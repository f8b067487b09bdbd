import fs from 'node:fs';
import path from 'node:path';
import { toolsDir } from './paths';

/** Where provisioning caches the Temporal CLI it builds (gitignored). */
export const cachedCliPath = path.join(toolsDir, 'bin', 'temporal');

/**
 * The Temporal CLI to run the dev server with, in order of preference: $TEMPORAL_CLI_PATH,
 * `temporal` on PATH, the copy provisioning built. Undefined when none exists.
 */
export function findTemporalCli(): string | undefined {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'temporal');
    if (isExecutable(candidate)) return candidate;
  }
  return isExecutable(cachedCliPath) ? cachedCliPath : undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
