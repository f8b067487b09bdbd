import path from 'node:path';
import { z } from 'zod';
import { toolsDir } from '../paths';

/**
 * Names fixed by the production topology, shared by `npm run start:cluster`, its tests and the
 * docker-compose consistency test: one database and one login role each for Huiying, Temporal
 * and Temporal's visibility store.
 */
export const DATABASES = { huiying: 'huiying', temporal: 'temporal', visibility: 'temporal_visibility' } as const;
export const ROLES = { huiying: 'huiying', temporal: 'temporal', visibility: 'temporal_visibility' } as const;
/** History shards of a new cluster here; fixed once the cluster exists (see README, Scaling). */
export const DEFAULT_HISTORY_SHARDS = 4;
export const DEFAULT_PORTS = { api: 3000, temporal: 7233, temporalUi: 8233, postgres: 54329 } as const;

const clusterEnvSchema = z.object({
  HUIYING_HISTORY_SHARDS: z.coerce.number().int().min(1).max(16384).default(DEFAULT_HISTORY_SHARDS),
  HUIYING_WORKER_PROCESSES: z.coerce.number().int().min(1).max(64).default(2),
  HUIYING_API_PROCESSES: z.coerce.number().int().min(1).max(64).default(2),
});

export type ClusterSettings = z.infer<typeof clusterEnvSchema>;

export function loadClusterSettings(env: NodeJS.ProcessEnv = process.env): ClusterSettings {
  const parsed = clusterEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** Binaries built once by scripts/ensure-temporal-cluster-tools.sh (gitignored .tools/). */
export const clusterTools = {
  server: path.join(toolsDir, 'bin', 'temporal-server'),
  sqlTool: path.join(toolsDir, 'bin', 'temporal-sql-tool'),
  uiServer: path.join(toolsDir, 'bin', 'temporal-ui-server'),
  schemaDir: path.join(toolsDir, 'temporal-schema', 'postgresql', 'v12'),
};
