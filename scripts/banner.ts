/**
 * The start banner, shared by `npm start` (embedded) and `npm run start:cluster` (production
 * topology) so both say the same things in the same order, and which topology runs.
 */
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
}

export function printBanner(say: (line: string) => void, info: BannerInfo): void {
  say('ready');
  say(`  topology       ${info.topology}`);
  say(`  API            ${info.api}   (health: ${info.api}/healthz)`);
  say(`  Temporal UI    ${info.temporalUi ?? '(external server: set TEMPORAL_UI_URL)'}`);
  say(`  audit sign-in  ${info.api}/codec/sign-in   (auditors and admins: Temporal UI then decodes payloads)`);
  say(`  Temporal gRPC  ${info.temporalAddress}  namespace ${info.namespace}`);
  say(`  PostgreSQL     ${info.postgres.replace(/:[^:@/]*@/, ':***@')}`);
  say(`  data           ${info.dataDir}`);
  for (const [label, value] of info.extra ?? []) say(`  ${label.padEnd(14)} ${value}`);
  if (info.open311DevKey) say(`  Open311        ${info.api}/open311/v2/services.json   (dev api_key ${info.open311DevKey})`);
  say(`  token          npm run token -- --role intake   (roles: intake dispatcher handler supervisor auditor admin)`);
  if (info.cleanedUp.length) say(`  cleaned up     ${info.cleanedUp.length} process(es) left by an earlier start (see above)`);
  say('Ctrl-C (or SIGTERM to this process) stops everything.');
}
