import type { TemporalStores } from './temporal-schema';

export interface ServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

export interface ServerConfigInput {
  stores: TemporalStores;
  historyShards: number;
  ports: ServerPorts;
  dynamicConfigFile: string;
  logLevel: string;
  /** `global.tls`; without it the frontend and the services speak plain gRPC. */
  tls?: Record<string, unknown>;
}

/**
 * The Temporal server's static configuration (what `config/development-postgres12.yaml` in the
 * server module holds), as an object: it is written as JSON, which YAML readers accept. All four
 * services run in one process here; a production cluster runs them as separate deployments with
 * the same persistence section (see README, "Scaling past one machine").
 */
export function serverConfig(input: ServerConfigInput): Record<string, unknown> {
  const store = (url: string, maxConns: number) => {
    const u = new URL(url);
    return {
      sql: {
        pluginName: 'postgres12',
        databaseName: u.pathname.slice(1),
        connectAddr: `${u.hostname}:${u.port || '5432'}`,
        connectProtocol: 'tcp',
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        maxConns,
        maxIdleConns: maxConns,
        maxConnLifetime: '1h',
      },
    };
  };
  const rpc = (grpcPort: number, membershipPort: number, extra: Record<string, number> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra },
  });
  const p = input.ports;
  return {
    log: { stdout: true, level: input.logLevel },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: input.historyShards,
      datastores: { default: store(input.stores.temporal, 20), visibility: store(input.stores.visibility, 10) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' }, ...(input.tls ? { tls: input.tls } : {}) },
    services: {
      frontend: rpc(p.frontend, p.frontendMembership, { httpPort: p.frontendHttp }),
      history: rpc(p.history, p.historyMembership),
      matching: rpc(p.matching, p.matchingMembership),
      worker: rpc(p.worker, p.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${p.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: input.dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * Dynamic configuration: what Huiying relies on (workflow Updates, update-with-start), plus
 * search attributes visible as soon as they are registered, so a fresh cluster can take
 * requests right after its first start.
 */
export function dynamicConfig(): Record<string, { value: unknown }[]> {
  return {
    'frontend.enableUpdateWorkflowExecution': [{ value: true }],
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted': [{ value: true }],
    'frontend.enableExecuteMultiOperation': [{ value: true }],
    'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
    'limit.maxIDLength': [{ value: 255 }],
  };
}
