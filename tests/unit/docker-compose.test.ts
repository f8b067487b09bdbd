/**
 * docker-compose.yml cannot run here (no Docker engine), so it is kept consistent with the
 * topology `npm run start:cluster` runs and the topology tier tests: the same ports, shard
 * count, databases and roles, dynamic configuration and server/UI versions, and two API and two
 * worker replicas. When a `docker-compose` binary is on PATH it must also accept the file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DATABASES, DEFAULT_HISTORY_SHARDS, DEFAULT_PORTS, ROLES } from '../../infra/cluster/settings';
import { dynamicConfig } from '../../infra/cluster/temporal-server-config';
import { UI_READ_ONLY } from '../../infra/cluster/temporal-ui-server';
import { clusterTlsFiles } from '../../infra/cluster/tls';
import { projectRoot } from '../../infra/paths';

const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), 'utf8');
const compose = read('docker-compose.yml');
/** The value of `key: value` lines of the compose file (quotes dropped). */
const values = (key: string) => [...compose.matchAll(new RegExp(`^\\s+${key}: "?([^"\\n]*)"?$`, 'gm'))].map((m) => m[1]!.trim());
const services = [...compose.matchAll(/^ {2}([a-z0-9-]+):$/gm)].map((m) => m[1]!);

test('the Temporal server is the released image (not auto-setup) at the version the cluster tools build, as is the UI', () => {
  const tools = read('scripts/ensure-temporal-cluster-tools.sh');
  const server = /server_version="([^"]+)"/.exec(tools)![1];
  const ui = /ui_version="([^"]+)"/.exec(tools)![1];
  expect(compose).not.toContain('temporalio/auto-setup');
  expect(values('image')).toEqual(expect.arrayContaining([`temporalio/server:${server}`, `temporalio/admin-tools:${server}`, `temporalio/ui:${ui}`]));
});

test('history shards, databases and roles are those of the cluster topology', () => {
  expect(values('NUM_HISTORY_SHARDS')).toEqual([String(DEFAULT_HISTORY_SHARDS)]);
  expect(values('DBNAME')).toEqual([DATABASES.temporal]);
  expect(values('POSTGRES_USER')).toEqual([ROLES.temporal]);
  expect(values('VISIBILITY_DBNAME')).toEqual([DATABASES.visibility]);
  expect(values('VISIBILITY_POSTGRES_USER')).toEqual([ROLES.visibility]);
  expect(values('DB')).toEqual(['postgres12']);
  expect(compose).toContain(`postgresql://${ROLES.huiying}:\${HUIYING_DB_PASSWORD:?set HUIYING_DB_PASSWORD}@postgresql:5432/${DATABASES.huiying}`);
  const init = read('infra/compose/postgres-init.sh');
  for (const key of Object.keys(ROLES) as (keyof typeof ROLES)[]) {
    expect(ROLES[key]).toBe(DATABASES[key]);
    expect(init).toContain(`"${ROLES[key]}:$`);
  }
  const schema = read('infra/compose/temporal-schema.sh');
  expect(schema).toContain(`--user ${ROLES.temporal} --db ${DATABASES.temporal} update-schema`);
  expect(schema).toContain(`--user ${ROLES.visibility} --db ${DATABASES.visibility} update-schema`);
});

test('published ports are the cluster defaults', () => {
  expect(compose).toContain(`"\${HUIYING_PORT:-${DEFAULT_PORTS.api}}:3000"`);
  expect(compose).toContain(`"127.0.0.1:${DEFAULT_PORTS.temporal}:7233"`);
  expect(compose).toContain(`"127.0.0.1:${DEFAULT_PORTS.temporalUi}:8080"`);
});

test('two API and two worker replicas, the APIs behind one address; every replica has the same codec keys', () => {
  const apis = services.filter((s) => /^api-\d+$/.test(s));
  const workers = services.filter((s) => /^worker-\d+$/.test(s));
  expect(apis).toHaveLength(2);
  expect(workers).toHaveLength(2);
  const nginx = read('infra/compose/nginx.conf');
  for (const api of apis) expect(nginx).toContain(`server ${api}:3000`);
  expect(values('HUIYING_CODEC_KEYS')).toHaveLength(1);
  expect((compose.match(/<<: \*huiying-env/g) ?? []).length).toBe(apis.length + workers.length);
});

test('the dynamic configuration is the one the cluster writes', () => {
  const file = read('infra/compose/dynamicconfig.yaml');
  const parsed: Record<string, { value: unknown }[]> = {};
  let key = '';
  for (const line of file.split('\n')) {
    if (/^[a-zA-Z]/.test(line)) parsed[(key = line.replace(/:$/, ''))] = [];
    const value = /^\s+- value: (.+)$/.exec(line);
    if (value) parsed[key]!.push({ value: JSON.parse(value[1]!) });
  }
  expect(parsed).toEqual(dynamicConfig());
});

const dockerCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
(dockerCompose ? test : test.skip)('docker-compose accepts the file', () => {
  const env = {
    ...process.env,
    POSTGRES_PASSWORD: 'p',
    HUIYING_DB_PASSWORD: 'h',
    TEMPORAL_DB_PASSWORD: 't',
    TEMPORAL_VISIBILITY_DB_PASSWORD: 'v',
    HUIYING_JWT_SECRET: 'x'.repeat(32),
    HUIYING_CODEC_KEYS: '{}',
  };
  expect(() => execFileSync('docker-compose', ['-f', path.join(projectRoot, 'docker-compose.yml'), 'config', '--quiet'], { env, stdio: 'pipe' })).not.toThrow();
});

test('mTLS as on the cluster: the frontend requires client certificates from the provisioned CA, each client has its own, the UI is read-only', () => {
  const files = clusterTlsFiles('/tls');
  const name = (file: string) => path.basename(file);
  expect(values('TEMPORAL_TLS_REQUIRE_CLIENT_AUTH')).toEqual(['true']);
  expect(values('TEMPORAL_TLS_FRONTEND_CERT')).toEqual([`/etc/temporal/tls/${name(files.server.cert)}`]);
  expect(values('TEMPORAL_TLS_CLIENT1_CA_CERT')).toEqual([`/etc/temporal/tls/${name(files.ca)}`]);
  expect(values('TEMPORAL_TLS_CA_FILE')).toEqual([`/etc/huiying/tls/${name(files.ca)}`]);
  // api-1, api-2 with the API's certificate; worker-1, worker-2 with the worker's.
  expect(values('TEMPORAL_TLS_CERT_FILE')).toEqual([...Array(2).fill(`/etc/huiying/tls/${name(files.clients.api.cert)}`), ...Array(2).fill(`/etc/huiying/tls/${name(files.clients.worker.cert)}`)]);
  expect(values('TEMPORAL_TLS_CERT')).toEqual([`/etc/temporal/tls/${name(files.clients.ui.cert)}`]);
  expect(compose).toContain(`--tls-cert-path /etc/temporal/tls/${name(files.clients.admin.cert)}`);
  // Every mount of the certificates is the folder `npm run tls:provision` writes, read-only.
  const mounts = [...compose.matchAll(/- (\S+):(\/etc\/(?:huiying|temporal)\/tls):ro$/gm)].map((m) => m[1]);
  expect(mounts.length).toBeGreaterThanOrEqual(4);
  expect(new Set(mounts)).toEqual(new Set(['./data/cluster/tls']));
  // The UI image's variable for each of the cluster's read-only switches, set to true.
  for (const key of Object.keys(UI_READ_ONLY)) {
    const variable = key === 'disableWriteActions' ? 'TEMPORAL_DISABLE_WRITE_ACTIONS' : `TEMPORAL_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    expect([variable, values(variable)]).toEqual([variable, ['true']]);
  }
});
