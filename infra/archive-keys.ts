import fs from 'node:fs';
import path from 'node:path';
import { devKeyRing } from './codec/dev-key-ring';
import { parseKeyRing, type KeyRing } from './codec/key-ring';
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
  return devKeyRing(path.join(env.HUIYING_DATA_DIR || defaultDataDir, 'archive-keys.json'));
}
