import fs from 'node:fs';
import type { Stack } from '../../infra/stack';

export default async function globalTeardown(): Promise<void> {
  const holder = (globalThis as { __huiyingStack?: { stack: Stack; dir: string } }).__huiyingStack;
  if (!holder) return;
  await holder.stack.stop();
  fs.rmSync(holder.dir, { recursive: true, force: true });
}
