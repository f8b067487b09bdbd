/**
 * The "sealed" mark: how workflow code learns that an input was encrypted by Huiying itself.
 *
 * Loaded inside Temporal's workflow sandbox (by the payload converter and the workflow
 * interceptors), so it imports nothing.
 */

/**
 * Payload metadata the codec sets on a payload it decrypted and authenticated, holding the
 * workflow id the ciphertext is bound to. The codec deletes it from every payload that arrives
 * without encryption, so a caller cannot forge it.
 */
export const SEALED_FOR_METADATA = 'huiying-sealed-for';

/** Non-enumerable property the payload converter puts on decoded objects (never serialised). */
export const SEALED = Symbol.for('huiying.sealedFor');

/** The workflow id an input value was sealed for, or undefined when it did not arrive encrypted by Huiying. */
export function sealedFor(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const mark = (value as { [SEALED]?: unknown })[SEALED];
  return typeof mark === 'string' ? mark : undefined;
}
