import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyRingToJson, parseKeyRing, type KeyRing } from './codec/key-ring';
import { dataDir as defaultDataDir } from './paths';

/**
 * The keys that sign the archive chain (domain/archive-chain.ts). They are never in the database:
 * HUIYING_ARCHIVE_KEYS (the ring's JSON, e.g. from a secret store) or HUIYING_ARCHIVE_KEYS_FILE
 * (a mounted secret), same format as the payload codec's ring. Outside production, with neither
 * set, a ring generated once in the data folder (archive-keys.json). Production must configure
 * them: the worker signs and the API verifies, so both need the same ring.
 */
export type ArchiveKeys = () => Promise<KeyRing>;

export function archiveKeysFromEnv(env: NodeJS.ProcessEnv = process.env): ArchiveKeys {
  let loaded: Promise<KeyRing> | undefined;
  return () => (loaded ??= Promise.resolve().then(() => load(env)).catch((err: unknown) => {
    loaded = undefined;
    throw err;
  }));
}

function load(env: NodeJS.ProcessEnv): KeyRing {
  if (env.HUIYING_ARCHIVE_KEYS) return parseKeyRing(env.HUIYING_ARCHIVE_KEYS, 'HUIYING_ARCHIVE_KEYS');
  const file = env.HUIYING_ARCHIVE_KEYS_FILE;
  if (file) return parseKeyRing(fs.readFileSync(file, 'utf8'), `HUIYING_ARCHIVE_KEYS_FILE (${file})`);
  if (env.NODE_ENV === 'production') {
    throw new Error('HUIYING_ARCHIVE_KEYS or HUIYING_ARCHIVE_KEYS_FILE is required in production: the archive chain is signed with it');
  }
  const devFile = path.join(env.HUIYING_DATA_DIR || defaultDataDir, 'archive-keys.json');
  if (!fs.existsSync(devFile)) {
    fs.mkdirSync(path.dirname(devFile), { recursive: true });
    const ring: KeyRing = { activeKeyId: 'dev-1', keys: new Map([['dev-1', randomBytes(32)]]) };
    // wx: two processes starting at once must not each write their own key.
    try {
      fs.writeFileSync(devFile, keyRingToJson(ring), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return parseKeyRing(fs.readFileSync(devFile, 'utf8'), devFile);
}
