import path from 'node:path';
import { ConfigKeySource } from '../codec/config-key-source';

/**
 * One payload-codec key ring for every replica of the topology: what one API process seals, any
 * worker (and any other API process) must open, so a key generated per process would not do. A
 * configured ring (HUIYING_CODEC_KEYS or HUIYING_CODEC_KEYS_FILE) reaches the replicas through
 * the environment as it is; without one, a ring is generated once into the cluster's data folder
 * (mode 0600) and every replica gets its path. Loaded here first, so a bad ring fails the start
 * once instead of crash-looping every replica. Returns the variables to add to the replicas'.
 */
export async function clusterCodecKeys(clusterDir: string, env: NodeJS.ProcessEnv = process.env): Promise<NodeJS.ProcessEnv> {
  const json = env.HUIYING_CODEC_KEYS || undefined;
  const file = env.HUIYING_CODEC_KEYS_FILE || undefined;
  if (json || file) {
    await new ConfigKeySource({ json, file }).load();
    return {};
  }
  const generated = path.resolve(clusterDir, 'codec-keys.json');
  await new ConfigKeySource({ devFile: generated }).load();
  return { HUIYING_CODEC_KEYS_FILE: generated };
}
