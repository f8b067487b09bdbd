import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './paths';

/**
 * Environment for the Prisma CLI. Prisma 6 checks for native engines at start and tries to
 * download them unless these variables name an existing file; on the WebAssembly engine path they
 * are never executed (docs/decisions.md, "Prisma 6.19 on WebAssembly").
 */
export function prismaCliEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const placeholder = path.join(projectRoot, 'node_modules', 'prisma', 'package.json');
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  };
}

/** Runs `prisma <args>` and rejects with its output when it fails. */
export function runPrisma(args: string[], databaseUrl: string): Promise<string> {
  const bin = path.join(projectRoot, 'node_modules', '.bin', 'prisma');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: projectRoot, env: prismaCliEnv(databaseUrl) });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`prisma ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

/** Applies every committed migration; safe to call on every start. */
export async function migrateDeploy(databaseUrl: string): Promise<void> {
  await runPrisma(['migrate', 'deploy'], databaseUrl);
}
