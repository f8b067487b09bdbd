import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { AesGcmCodec, ENCODING_ENCRYPTED, METADATA_KEY_ID, METADATA_WORKFLOW_ID } from '../../infra/codec/aes-gcm-codec';
import { ConfigKeySource } from '../../infra/codec/config-key-source';
import { keyRingToJson, parseKeyRing, type KeyRing } from '../../infra/codec/key-ring';
import { payloadConverter } from '../../infra/codec/payload-converter';
import { SEALED_FOR_METADATA, sealedFor } from '../../infra/codec/seal';

const converter = new DefaultPayloadConverter();
const ring = (active: string, ...ids: string[]): KeyRing => ({
  activeKeyId: active,
  keys: new Map(ids.map((id, i) => [id, Buffer.alloc(32, i + 1)])),
});
const workerCodec = (r: KeyRing) => new AesGcmCodec({ ring: r, origin: 'huiying', markSealed: true });
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const context = { type: 'workflow' as const, namespace: 'default', workflowId: 'REQ-20261203-AAAA0001' };
const note = { actor: { subject: 'h1' }, input: { note: '独特标记-问题已现场处理' } };

describe('AES-256-GCM payload codec', () => {
  test('encrypts: no plaintext in the payload, the key id in its metadata', async () => {
    const [encoded] = await workerCodec(ring('k1', 'k1')).encode([converter.toPayload(note)], context);
    expect(text(encoded!.metadata![METADATA_ENCODING_KEY])).toBe(ENCODING_ENCRYPTED);
    expect(text(encoded!.metadata![METADATA_KEY_ID])).toBe('k1');
    expect(text(encoded!.metadata![METADATA_WORKFLOW_ID])).toBe(context.workflowId);
    expect(Buffer.from(encoded!.data!).includes(Buffer.from('独特标记'))).toBe(false);
    const [decoded] = await workerCodec(ring('k1', 'k1')).decode([encoded!]);
    expect(converter.fromPayload(decoded!)).toEqual(note);
  });

  test('rotation: the newest key encrypts, an older key still decrypts', async () => {
    const [old] = await workerCodec(ring('k1', 'k1')).encode([converter.toPayload(note)], context);
    const rotated = workerCodec(ring('k2', 'k1', 'k2'));
    const [fresh] = await rotated.encode([converter.toPayload(note)], context);
    expect(text(fresh!.metadata![METADATA_KEY_ID])).toBe('k2');
    const decoded = await rotated.decode([old!, fresh!]);
    expect(decoded.map((p) => converter.fromPayload(p))).toEqual([note, note]);
  });

  test('payloads written before the codec (no encryption marker) pass through unchanged', async () => {
    const plain = converter.toPayload(note);
    const [decoded] = await workerCodec(ring('k1', 'k1')).decode([plain]);
    expect(converter.fromPayload(decoded!)).toEqual(note);
  });

  test('short JSON strings (memo values, UI summaries: codes only) stay plaintext; objects never do', async () => {
    const codec = workerCodec(ring('k1', 'k1'));
    const [memo] = await codec.encode([converter.toPayload('GENERAL')], context);
    expect(text(memo!.metadata![METADATA_ENCODING_KEY])).toBe('json/plain');
    const [long] = await codec.encode([converter.toPayload('长'.repeat(81))], context);
    expect(text(long!.metadata![METADATA_ENCODING_KEY])).toBe(ENCODING_ENCRYPTED);
    const [obj] = await codec.encode([converter.toPayload({ code: 'X' })], context);
    expect(text(obj!.metadata![METADATA_ENCODING_KEY])).toBe(ENCODING_ENCRYPTED);
  });

  test('a key id not in the ring, or tampered data or metadata, is refused rather than passed through', async () => {
    const [encoded] = await workerCodec(ring('k1', 'k1')).encode([converter.toPayload(note)], context);
    await expect(workerCodec(ring('k9', 'k9')).decode([encoded!])).rejects.toThrow(/not in the key ring/);
    const flipped: Payload = { ...encoded!, data: Uint8Array.from(encoded!.data!, (b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(workerCodec(ring('k1', 'k1')).decode([flipped])).rejects.toThrow(/failed authentication/);
    const movedToAnotherWorkflow: Payload = {
      ...encoded!,
      metadata: { ...encoded!.metadata, [METADATA_WORKFLOW_ID]: Buffer.from('REQ-OTHER') },
    };
    await expect(workerCodec(ring('k1', 'k1')).decode([movedToAnotherWorkflow])).rejects.toThrow(/failed authentication/);
  });

  test('the sealed mark: set for Huiying payloads, never for the codec server’s, and stripped when forged', async () => {
    const r = ring('k1', 'k1');
    const [ours] = await workerCodec(r).encode([converter.toPayload(note)], context);
    const [decodedOurs] = await workerCodec(r).decode([ours!]);
    expect(sealedFor(payloadConverter.fromPayload(decodedOurs!))).toBe(context.workflowId);

    const [fromUi] = await new AesGcmCodec({ ring: r, origin: 'codec-server', markSealed: false }).encode([converter.toPayload(note)], context);
    const [decodedUi] = await workerCodec(r).decode([fromUi!]);
    expect(converter.fromPayload(decodedUi!)).toEqual(note);
    expect(sealedFor(payloadConverter.fromPayload(decodedUi!))).toBeUndefined();

    const forged = converter.toPayload(note);
    forged.metadata![SEALED_FOR_METADATA] = Buffer.from(context.workflowId);
    const [decodedForged] = await workerCodec(r).decode([forged]);
    expect(sealedFor(payloadConverter.fromPayload(decodedForged!))).toBeUndefined();
  });

  test('the sealed mark is invisible to JSON and to the values workflows pass on', async () => {
    const r = ring('k1', 'k1');
    const [decoded] = await workerCodec(r).decode(await workerCodec(r).encode([converter.toPayload(note)], context));
    const value = payloadConverter.fromPayload<typeof note>(decoded!);
    expect(JSON.stringify(value)).toBe(JSON.stringify(note));
    expect(Object.keys(value)).toEqual(['actor', 'input']);
  });
});

describe('key ring configuration', () => {
  const b64 = (fill: number) => Buffer.alloc(32, fill).toString('base64');

  test('parses the JSON form; the active key must be in the ring and keys must be 32 bytes', () => {
    const parsed = parseKeyRing(JSON.stringify({ active: 'b', keys: { a: b64(1), b: b64(2) } }), 'test');
    expect(parsed.activeKeyId).toBe('b');
    expect([...parsed.keys.keys()]).toEqual(['a', 'b']);
    expect(() => parseKeyRing(JSON.stringify({ active: 'c', keys: { a: b64(1) } }), 'test')).toThrow(/active key id/);
    expect(() => parseKeyRing(JSON.stringify({ active: 'a', keys: { a: Buffer.alloc(16).toString('base64') } }), 'test')).toThrow(/32 bytes/);
    expect(() => parseKeyRing('not json', 'test')).toThrow(/not valid JSON/);
  });

  test('from an environment variable, from a file, or (development) a generated file that is then reused', async () => {
    const json = JSON.stringify({ active: 'a', keys: { a: b64(1) } });
    expect((await new ConfigKeySource({ json }).load()).activeKeyId).toBe('a');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codec-keys-'));
    try {
      const file = path.join(dir, 'keys.json');
      fs.writeFileSync(file, json);
      expect((await new ConfigKeySource({ file }).load()).activeKeyId).toBe('a');
      const devFile = path.join(dir, 'dev', 'codec-keys.json');
      const first = await new ConfigKeySource({ devFile }).load();
      const second = await new ConfigKeySource({ devFile }).load();
      expect(keyRingToJson(second)).toBe(keyRingToJson(first));
      expect(fs.statSync(devFile).mode & 0o077).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without keys and without a development file (production) it refuses to start', async () => {
    await expect(new ConfigKeySource({}).load()).rejects.toThrow(/required in production/);
  });
});
