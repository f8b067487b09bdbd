/**
 * The topology's mTLS provisioning (infra/cluster/tls.ts) and the client side of it
 * (infra/temporal-tls.ts): what the topology tier then proves against the real server.
 */
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../infra/config';
import { clientTlsEnv, ensureClusterTls, serverTlsConfig, TLS_CLIENTS } from '../../infra/cluster/tls';
import { temporalTls } from '../../infra/temporal-tls';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-tls-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('one CA signs the server certificate (localhost, 127.0.0.1) and a client certificate per holder; files 0600; a second run keeps them', async () => {
  const files = await ensureClusterTls(dir);
  const ca = new X509Certificate(fs.readFileSync(files.ca));
  expect(ca.ca).toBe(true);
  const server = new X509Certificate(fs.readFileSync(files.server.cert));
  expect(server.checkIssued(ca)).toBe(true);
  expect(server.verify(ca.publicKey)).toBe(true);
  expect(server.checkHost('localhost')).toBe('localhost');
  expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
  for (const client of TLS_CLIENTS) {
    const cert = new X509Certificate(fs.readFileSync(files.clients[client].cert));
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toContain(`CN=huiying-${client}`);
  }
  for (const name of fs.readdirSync(files.dir)) expect((fs.statSync(path.join(files.dir, name)).mode & 0o777).toString(8)).toBe('600');
  const before = fs.readFileSync(files.clients.api.cert, 'utf8');
  fs.rmSync(files.clients.ui.cert);
  await ensureClusterTls(dir);
  expect(fs.readFileSync(files.clients.api.cert, 'utf8')).toBe(before);
  expect(new X509Certificate(fs.readFileSync(files.clients.ui.cert)).verify(ca.publicKey)).toBe(true);
});

test('the server requires client certificates from the CA on the frontend and between its services', async () => {
  const files = await ensureClusterTls(dir);
  const tls = serverTlsConfig(files) as Record<string, { server: { requireClientAuth: boolean; clientCaFiles: string[] } }>;
  for (const group of ['frontend', 'internode']) {
    expect(tls[group]!.server).toMatchObject({ requireClientAuth: true, clientCaFiles: [files.ca] });
  }
  expect(tls.systemWorker).toMatchObject({ certFile: files.clients['system-worker'].cert });
});

test('the replicas read TEMPORAL_TLS_* into the SDK tls option; without them the connection is plain (embedded stack)', async () => {
  const files = await ensureClusterTls(dir);
  const cfg = loadConfig({ ...clientTlsEnv(files, 'worker') });
  const tls = temporalTls(cfg)!;
  expect(tls.serverNameOverride).toBe('localhost');
  expect(Buffer.from(tls.serverRootCACertificate!).toString()).toBe(fs.readFileSync(files.ca, 'utf8'));
  expect(Buffer.from(tls.clientCertPair!.crt).toString()).toBe(fs.readFileSync(files.clients.worker.cert, 'utf8'));
  expect(temporalTls(loadConfig({}))).toBeUndefined();
  expect(() => loadConfig({ TEMPORAL_TLS_CERT_FILE: files.clients.api.cert })).toThrow(/go together/);
});
