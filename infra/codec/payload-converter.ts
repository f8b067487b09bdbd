/**
 * The payload converter of Huiying's workers (`payloadConverterPath`): the SDK's default
 * conversions, plus the sealed mark (seal.ts) on decoded objects so the workflow interceptors
 * can tell Huiying's own inputs from anyone else's. Runs inside the workflow sandbox: imports
 * only from @temporalio/common.
 */
import {
  DefaultPayloadConverter,
  type ConverterHint,
  type Payload,
  type PayloadConverter,
  type SerializationContext,
} from '@temporalio/common';
import { decode } from '@temporalio/common/lib/encoding';
import { SEALED, SEALED_FOR_METADATA } from './seal';

class SealAwarePayloadConverter implements PayloadConverter {
  private readonly inner = new DefaultPayloadConverter();

  toPayload<T>(value: T, context?: SerializationContext, hint?: ConverterHint<T>): Payload {
    return this.inner.toPayload(value, context, hint);
  }

  fromPayload<T>(payload: Payload, context?: SerializationContext, hint?: ConverterHint<T>): T {
    const value = this.inner.fromPayload<T>(payload, context, hint);
    const sealedFor = payload.metadata?.[SEALED_FOR_METADATA];
    if (sealedFor && typeof value === 'object' && value !== null && Object.isExtensible(value)) {
      Object.defineProperty(value, SEALED, { value: decode(sealedFor), enumerable: false });
    }
    return value;
  }
}

export const payloadConverter: PayloadConverter = new SealAwarePayloadConverter();
