import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec, type SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { KeyRing } from './key-ring';
import { SEALED_FOR_METADATA } from './seal';

/** Same marker and key-id metadata names as Temporal's encryption samples, so their tools recognise the payloads. */
export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const METADATA_CIPHER = 'encryption-cipher';
/** Who encrypted the payload: Huiying's API and workers, or the codec server's /encode (see PayloadOrigin). */
export const METADATA_ORIGIN = 'huiying-origin';
/** The workflow the payload belongs to; authenticated, and what the decode log records. */
export const METADATA_WORKFLOW_ID = 'huiying-workflow-id';

const CIPHER = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/**
 * JSON strings up to this length stay plaintext: memo values and UI summaries, which hold codes
 * only (category, status, unit), so Temporal UI lists stay readable without the codec. Free text
 * always travels inside objects (update, activity and workflow inputs), which are always encrypted.
 */
const PLAINTEXT_STRING_MAX = 80;

/**
 * 'huiying': written by the API's client or a worker. 'codec-server': written by POST
 * /codec/encode for someone using Temporal UI. Workers decode both, but only 'huiying' payloads
 * count as sealed (see seal.ts): the encode endpoint must not become a way to forge inputs.
 */
export type PayloadOrigin = 'huiying' | 'codec-server';

export interface AesGcmCodecOptions {
  ring: KeyRing;
  origin: PayloadOrigin;
  /** Set the sealed mark on decoded payloads (workers); the codec server leaves it off. */
  markSealed: boolean;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

/**
 * AES-256-GCM payload codec with a key ring: new payloads use the active key, any key in the ring
 * decrypts. Payloads without the encryption marker (histories written before the codec existed)
 * pass through; a payload with the marker that no key authenticates is an error, never a pass.
 */
export class AesGcmCodec implements PayloadCodec {
  constructor(private readonly opts: AesGcmCodecOptions) {}

  // async: a refusal must reach the caller as a rejected promise, never as a synchronous throw.
  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return payloads.map((p) => this.encodeOne(p, context?.workflowId ?? undefined));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decodeOne(p));
  }

  private encodeOne(payload: Payload, workflowId: string | undefined): Payload {
    const clean = withoutSealMark(payload);
    if (isShortJsonString(clean)) return clean;
    const keyId = this.opts.ring.activeKeyId;
    const key = this.opts.ring.keys.get(keyId)!;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(CIPHER, key, nonce);
    cipher.setAAD(additionalData(keyId, this.opts.origin, workflowId ?? ''));
    const plain = temporal.api.common.v1.Payload.encode(clean).finish();
    const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const metadata: Record<string, Uint8Array> = {
      [METADATA_ENCODING_KEY]: utf8(ENCODING_ENCRYPTED),
      [METADATA_CIPHER]: utf8(CIPHER),
      [METADATA_KEY_ID]: utf8(keyId),
      [METADATA_ORIGIN]: utf8(this.opts.origin),
    };
    if (workflowId) metadata[METADATA_WORKFLOW_ID] = utf8(workflowId);
    return { metadata, data: new Uint8Array(sealed) };
  }

  private decodeOne(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCODING_ENCRYPTED) return withoutSealMark(payload);
    const keyId = text(payload.metadata?.[METADATA_KEY_ID]) ?? '';
    const key = this.opts.ring.keys.get(keyId);
    if (!key) throw new ValueError(`payload encrypted with key id '${keyId}', which is not in the key ring`);
    const origin = text(payload.metadata?.[METADATA_ORIGIN]) ?? '';
    const workflowId = text(payload.metadata?.[METADATA_WORKFLOW_ID]) ?? '';
    const data = payload.data ?? new Uint8Array();
    if (data.length < NONCE_BYTES + TAG_BYTES) throw new ValueError('encrypted payload is too short');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(CIPHER, key, data.subarray(0, NONCE_BYTES));
      decipher.setAAD(additionalData(keyId, origin, workflowId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plain = Buffer.concat([decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new ValueError(`encrypted payload failed authentication with key '${keyId}'`);
    }
    const inner = temporal.api.common.v1.Payload.decode(plain);
    const metadata: Record<string, Uint8Array> = { ...(inner.metadata ?? {}) };
    delete metadata[SEALED_FOR_METADATA];
    if (this.opts.markSealed && origin === 'huiying' && workflowId) metadata[SEALED_FOR_METADATA] = utf8(workflowId);
    return { metadata, data: inner.data };
  }
}

/** Binds the ciphertext to its key id, origin and workflow: changing any of that metadata breaks the tag. */
function additionalData(keyId: string, origin: string, workflowId: string): Buffer {
  return Buffer.from(JSON.stringify(['huiying-payload-v1', keyId, origin, workflowId]), 'utf8');
}

function withoutSealMark(payload: Payload): Payload {
  if (!payload.metadata || !(SEALED_FOR_METADATA in payload.metadata)) return payload;
  const metadata = { ...payload.metadata };
  delete metadata[SEALED_FOR_METADATA];
  return { ...payload, metadata };
}

function isShortJsonString(payload: Payload): boolean {
  if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== 'json/plain' || !payload.data || payload.data[0] !== 0x22) return false;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(payload.data));
    return typeof value === 'string' && value.length <= PLAINTEXT_STRING_MAX;
  } catch {
    return false;
  }
}
