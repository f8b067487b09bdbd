/**
 * What `npm run start:cluster` puts in the start banner (scripts/banner.ts prints it), built from
 * plain values so it can be checked without starting the topology.
 */
import path from 'node:path';
import type { BannerInfo } from './banner';

export interface ClusterBannerInput {
  api: string;
  temporalUi: string;
  temporalAddress: string;
  namespace: string;
  postgres: string;
  dataDir: string;
  clusterDir: string;
  tlsDir: string;
  historyShards: number;
  workerProcesses: number;
  apiProcesses: number;
  /** Which PostgreSQL role the API and worker replicas connect as, and what it may not do. */
  replicaRole: string;
  open311DevKey?: string;
  cleanedUp: string[];
  /** HUIYING_TIME_SCALE, which the replicas inherit: anything but 1 is warned about, as on `npm start`. */
  timeScale: number;
}

export function clusterBannerInfo(input: ClusterBannerInput): BannerInfo {
  return {
    topology: `cluster (Temporal server on PostgreSQL, ${input.historyShards} history shards, SQL visibility; ${input.workerProcesses} worker + ${input.apiProcesses} API processes, supervised)`,
    api: input.api,
    temporalUi: input.temporalUi,
    temporalAddress: input.temporalAddress,
    namespace: input.namespace,
    postgres: input.postgres,
    dataDir: input.dataDir,
    open311DevKey: input.open311DevKey,
    extra: [
      ['pid files', path.join(input.clusterDir, 'run')],
      ['Temporal mTLS', `${input.tlsDir} (CA and client certificates)`],
      ['replica role', input.replicaRole],
    ],
    cleanedUp: input.cleanedUp,
    timeScale: input.timeScale,
  };
}
