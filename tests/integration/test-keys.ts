/**
 * The payload codec keys of the integration tests: fixed, so every test file's worker, client and
 * codec server read each other's payloads. `rotatedTestKeyRing` adds a newer key, as an operator
 * would on rotation.
 */
import { huiyingDataConverter } from '../../infra/codec/data-converter';
import type { KeyRing } from '../../infra/codec/key-ring';

const key = (fill: number) => Buffer.alloc(32, fill);

export const testKeyRing: KeyRing = { activeKeyId: 'test-1', keys: new Map([['test-1', key(0x11)]]) };

export const rotatedTestKeyRing: KeyRing = {
  activeKeyId: 'test-2',
  keys: new Map([
    ['test-1', key(0x11)],
    ['test-2', key(0x22)],
  ]),
};

export const testDataConverter = huiyingDataConverter(testKeyRing);

/** The archive chain's signing keys of the tests (worker and API alike; not in the database). */
export const testArchiveRing: KeyRing = { activeKeyId: 'archive-test-1', keys: new Map([['archive-test-1', key(0x33)]]) };
export const testArchiveKeys = () => Promise.resolve(testArchiveRing);
