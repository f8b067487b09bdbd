import type { Config } from '../config';
import { keySourceFromEnv } from './config-key-source';
import { loadDataConverter } from './data-converter';

/** The key ring and data converter for a process started from configuration (API, worker, `npm start`). */
export function dataConverterFromConfig(cfg: Config) {
  return loadDataConverter(keySourceFromEnv({ production: cfg.NODE_ENV === 'production', dataDir: cfg.HUIYING_DATA_DIR }));
}
