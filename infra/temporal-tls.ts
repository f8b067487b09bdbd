import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { Config } from './config';

type TlsSettings = Pick<Config, 'TEMPORAL_TLS_CA_FILE' | 'TEMPORAL_TLS_CERT_FILE' | 'TEMPORAL_TLS_KEY_FILE' | 'TEMPORAL_TLS_SERVER_NAME'>;

/**
 * The SDK's `tls` option for `Connection.connect` and `NativeConnection.connect` from the
 * TEMPORAL_TLS_* settings: undefined (plain gRPC, the embedded stack on loopback) when none is
 * set; otherwise TLS checking the frontend against the CA file (or the system's roots), with
 * this process's client certificate when one is configured (the production topology's frontend
 * refuses clients without one).
 */
export function temporalTls(cfg: TlsSettings): TLSConfig | undefined {
  if (!cfg.TEMPORAL_TLS_CA_FILE && !cfg.TEMPORAL_TLS_CERT_FILE && !cfg.TEMPORAL_TLS_SERVER_NAME) return undefined;
  return {
    serverNameOverride: cfg.TEMPORAL_TLS_SERVER_NAME,
    serverRootCACertificate: cfg.TEMPORAL_TLS_CA_FILE ? fs.readFileSync(cfg.TEMPORAL_TLS_CA_FILE) : undefined,
    clientCertPair:
      cfg.TEMPORAL_TLS_CERT_FILE && cfg.TEMPORAL_TLS_KEY_FILE
        ? { crt: fs.readFileSync(cfg.TEMPORAL_TLS_CERT_FILE), key: fs.readFileSync(cfg.TEMPORAL_TLS_KEY_FILE) }
        : undefined,
  };
}
