/**
 * The start banner, shared by `npm start` (embedded) and `npm run start:cluster` (production
 * topology) so both say the same things in the same order, and which topology runs.
 */
import path from 'node:path';
import { ROLES, UNIT_SCOPED_ROLES } from '../api/auth/roles';
import { dataDir as defaultDataDir } from '../infra/paths';

export interface BannerInfo {
  topology: string;
  api: string;
  temporalUi?: string;
  temporalAddress: string;
  namespace: string;
  postgres: string;
  dataDir: string;
  open311DevKey?: string;
  /** Topology-specific lines (replicas, shards, …), printed after the common ones. */
  extra?: [label: string, value: string][];
  cleanedUp: string[];
  /** HUIYING_TIME_SCALE: anything but 1 divides every time limit, which the banner warns about. */
  timeScale?: number;
}

/**
 * The token command for this server: `npm run token` reads the data folder's secret, so a server
 * on another folder needs HUIYING_DATA_DIR in front (else its token would be refused with 401).
 */
export function tokenCommand(dataDir: string): string {
  const env = path.resolve(dataDir) === path.resolve(defaultDataDir) ? '' : `HUIYING_DATA_DIR=${dataDir} `;
  return `${env}npm run token -- --role intake`;
}

export function printBanner(say: (line: string) => void, info: BannerInfo): void {
  say('ready');
  say(`  topology       ${info.topology}`);
  say(`  API            ${info.api}   (health: ${info.api}/healthz)`);
  say(`  API docs       ${info.api}/docs   (OpenAPI: ${info.api}/openapi.json)`);
  say(`  Temporal UI    ${info.temporalUi ?? '(external server: set TEMPORAL_UI_URL)'}`);
  say(`  audit sign-in  ${info.api}/codec/sign-in   (auditors and admins: Temporal UI then decodes payloads)`);
  say(`  Temporal gRPC  ${info.temporalAddress}  namespace ${info.namespace}`);
  say(`  PostgreSQL     ${info.postgres.replace(/:[^:@/]*@/, ':***@')}`);
  say(`  data           ${info.dataDir}`);
  for (const [label, value] of info.extra ?? []) say(`  ${label.padEnd(14)} ${value}`);
  if (info.open311DevKey) say(`  Open311        ${info.api}/open311/v2/services.json   (dev api_key ${info.open311DevKey})`);
  say(`  token          ${tokenCommand(info.dataDir)}   (roles: ${ROLES.join(' ')}; ${UNIT_SCOPED_ROLES.join(' and ')} add --unit <code>; --help)`);
  if (info.timeScale !== undefined && info.timeScale !== 1) {
    say(`  WARNING        HUIYING_TIME_SCALE=${info.timeScale}: every time limit is divided by ${info.timeScale} (a drill setting, never for real requests)`);
  }
  if (info.cleanedUp.length) say(`  cleaned up     ${info.cleanedUp.length} process(es) left by an earlier start (see above)`);
  say('Ctrl-C (or SIGTERM to this process) stops everything.');
}
