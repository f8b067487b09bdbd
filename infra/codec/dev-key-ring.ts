import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyRingToJson, parseKeyRing, type KeyRing } from './key-ring';

/**
 * Outside production: the key ring kept in `file`, generated once (one random 32-byte key) on
 * first use. Every process of one data folder then shares it.
 */
export function devKeyRing(file: string): KeyRing {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const ring: KeyRing = { activeKeyId: 'dev-1', keys: new Map([['dev-1', randomBytes(32)]]) };
    // wx: two processes starting at once must not each write their own key.
    try {
      fs.writeFileSync(file, keyRingToJson(ring), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return parseKeyRing(fs.readFileSync(file, 'utf8'), file);
}
