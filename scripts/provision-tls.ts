/**
 * `npm run tls:provision`: the production topology's CA and certificates for Temporal's mTLS
 * (infra/cluster/tls.ts) in `<data folder>/cluster/tls/`, without starting anything: what
 * docker-compose.yml mounts. `npm run start:cluster` makes the same files itself. Idempotent.
 */
import path from 'node:path';
import { loadConfig } from '../infra/config';
import { ensureClusterTls, TLS_CLIENTS } from '../infra/cluster/tls';

async function main() {
  const cfg = loadConfig();
  const files = await ensureClusterTls(path.join(cfg.HUIYING_DATA_DIR, 'cluster'));
  process.stdout.write(`[huiying] Temporal mTLS: CA, server and client certificates (${TLS_CLIENTS.join(', ')}) in ${files.dir} (mode 0600)\n`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
