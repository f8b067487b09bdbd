import fs from 'node:fs';
import path from 'node:path';
import { devKeyRing } from './dev-key-ring';
import { parseKeyRing, type KeyRing, type KeySource } from './key-ring';

export interface ConfigKeySourceOptions {
  /** HUIYING_CODEC_KEYS: the ring's JSON itself (e.g. injected from a secret store). */
  json?: string;
  /** HUIYING_CODEC_KEYS_FILE: a file holding the ring's JSON (e.g. a mounted secret). */
  file?: string;
  /** Outside production, with neither set: a ring generated once and kept in the data folder. */
  devFile?: string;
}

/**
 * Keys from configuration. Production must configure them: a generated key would differ per
 * process, and a worker could not read what the API wrote.
 */
export class ConfigKeySource implements KeySource {
  constructor(private readonly opts: ConfigKeySourceOptions) {}

  load(): Promise<KeyRing> {
    const { json, file, devFile } = this.opts;
    if (json) return Promise.resolve(parseKeyRing(json, 'HUIYING_CODEC_KEYS'));
    if (file) return Promise.resolve(parseKeyRing(fs.readFileSync(file, 'utf8'), `HUIYING_CODEC_KEYS_FILE (${file})`));
    if (!devFile) {
      return Promise.reject(new Error('HUIYING_CODEC_KEYS or HUIYING_CODEC_KEYS_FILE is required in production: the payload codec needs its keys'));
    }
    return Promise.resolve(devKeyRing(devFile));
  }
}

/** The key source the configuration asks for (HUIYING_CODEC_KEYS, HUIYING_CODEC_KEYS_FILE, or a development file). */
export function keySourceFromEnv(opts: { env?: NodeJS.ProcessEnv; production: boolean; dataDir: string }): KeySource {
  const env = opts.env ?? process.env;
  return new ConfigKeySource({
    json: env.HUIYING_CODEC_KEYS || undefined,
    file: env.HUIYING_CODEC_KEYS_FILE || undefined,
    devFile: opts.production ? undefined : path.join(opts.dataDir, 'codec-keys.json'),
  });
}
