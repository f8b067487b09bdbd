import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Who holds a client certificate for Temporal's frontend on the production topology. */
export const TLS_CLIENTS = ['api', 'worker', 'ui', 'system-worker', 'admin'] as const;
export type TlsClient = (typeof TLS_CLIENTS)[number];

/** The name every client checks the frontend's certificate against (one of its SANs). */
export const TEMPORAL_TLS_SERVER_NAME = 'localhost';
/** The frontend's (and internode) certificate: names a client on this machine or in compose may dial. */
const SERVER_SANS = 'DNS:localhost,DNS:temporal,IP:127.0.0.1';

export interface KeyPair {
  cert: string;
  key: string;
}

export interface ClusterTlsFiles {
  dir: string;
  ca: string;
  /** The frontend's and the internal services' certificate (serverAuth and clientAuth). */
  server: KeyPair;
  clients: Record<TlsClient, KeyPair>;
}

/** Where the files are: `<cluster data folder>/tls/`, the same names every start. */
export function clusterTlsFiles(clusterDir: string): ClusterTlsFiles {
  const dir = path.join(clusterDir, 'tls');
  const pair = (name: string): KeyPair => ({ cert: path.join(dir, `${name}.pem`), key: path.join(dir, `${name}-key.pem`) });
  return {
    dir,
    ca: path.join(dir, 'ca.pem'),
    server: pair('temporal-server'),
    clients: Object.fromEntries(TLS_CLIENTS.map((c) => [c, pair(c)])) as Record<TlsClient, KeyPair>,
  };
}

/**
 * The topology's private CA and certificates, made once with openssl (ECDSA P-256) and kept in
 * the cluster data folder, every file mode 0600. Idempotent: what exists is kept; a missing
 * certificate is issued by the existing CA (a new CA only if its own files are gone, and then
 * every certificate is issued again). The CA key stays in the folder so later starts can
 * issue; in a real deployment it belongs offline.
 */
export async function ensureClusterTls(clusterDir: string): Promise<ClusterTlsFiles> {
  const files = clusterTlsFiles(clusterDir);
  fs.mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  const caKey = path.join(files.dir, 'ca-key.pem');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  let fresh = false;
  if (!fs.existsSync(files.ca) || !fs.existsSync(caKey)) {
    await openssl([
      'req', '-x509', ...ec, '-keyout', caKey, '-out', files.ca, '-days', '3650', '-subj', '/CN=Huiying Temporal CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    fresh = true;
  }
  const issue = async (pair: KeyPair, commonName: string, usage: string, sans?: string) => {
    if (!fresh && fs.existsSync(pair.cert) && fs.existsSync(pair.key)) return;
    await openssl([
      'req', '-x509', ...ec, '-keyout', pair.key, '-out', pair.cert, '-days', '825', '-subj', `/O=Huiying/CN=${commonName}`,
      '-CA', files.ca, '-CAkey', caKey,
      '-addext', 'basicConstraints=critical,CA:FALSE', '-addext', 'keyUsage=critical,digitalSignature',
      '-addext', `extendedKeyUsage=${usage}`, ...(sans ? ['-addext', `subjectAltName=${sans}`] : []),
    ]);
  };
  // The internal services present the server certificate to each other too (global.tls.internode).
  await issue(files.server, 'temporal-server', 'serverAuth,clientAuth', SERVER_SANS);
  for (const client of TLS_CLIENTS) await issue(files.clients[client], `huiying-${client}`, 'clientAuth');
  for (const name of fs.readdirSync(files.dir)) fs.chmodSync(path.join(files.dir, name), 0o600);
  return files;
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${stderr.trim() || String(err)}`);
  }
}

/**
 * `global.tls` of the server: the frontend requires a client certificate from this CA; the
 * internal services (history, matching, worker, frontend) talk to each other with mutual TLS
 * and the same CA; Temporal's own system worker is a client of the frontend like any other.
 */
export function serverTlsConfig(files: ClusterTlsFiles): Record<string, unknown> {
  const server = { certFile: files.server.cert, keyFile: files.server.key, clientCaFiles: [files.ca], requireClientAuth: true };
  const client = { serverName: TEMPORAL_TLS_SERVER_NAME, rootCaFiles: [files.ca] };
  return {
    internode: { server, client },
    frontend: { server, client },
    systemWorker: { certFile: files.clients['system-worker'].cert, keyFile: files.clients['system-worker'].key, client },
  };
}

/** The variables a replica (api/main.ts, worker/main.ts) reads to connect with `client`'s certificate. */
export function clientTlsEnv(files: ClusterTlsFiles, client: TlsClient): NodeJS.ProcessEnv {
  return {
    TEMPORAL_TLS_CA_FILE: files.ca,
    TEMPORAL_TLS_CERT_FILE: files.clients[client].cert,
    TEMPORAL_TLS_KEY_FILE: files.clients[client].key,
    TEMPORAL_TLS_SERVER_NAME: TEMPORAL_TLS_SERVER_NAME,
  };
}
