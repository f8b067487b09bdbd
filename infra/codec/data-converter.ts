/**
 * The one place that says how Huiying's Temporal payloads are converted and encrypted. Every
 * Temporal Client and Worker (API, workers, `npm start`, tests, benchmark, replay) takes its data
 * converter from here, and every workflow bundle is built with `workflowBundleOptions`.
 */
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { AesGcmCodec } from './aes-gcm-codec';
import type { KeyRing, KeySource } from './key-ring';

// .ts from source (tsx, jest), .js when compiled.
const ext = path.extname(__filename);
/** The sandbox-safe payload converter that marks sealed inputs. */
export const payloadConverterPath = path.resolve(__dirname, `payload-converter${ext}`);
/** The workflow interceptors that refuse unsealed inputs. */
export const workflowInterceptorsPath = path.resolve(__dirname, `workflow-interceptors${ext}`);

/** Options every `bundleWorkflowCode` call passes, so bundles carry the converter and interceptors. */
export const workflowBundleOptions = {
  payloadConverterPath,
  workflowInterceptorModules: [workflowInterceptorsPath],
};

/** Huiying's data converter: AES-256-GCM over every payload, sealed marks for the workflow interceptors. */
export function huiyingDataConverter(ring: KeyRing): DataConverter {
  return {
    payloadConverterPath,
    payloadCodecs: [new AesGcmCodec({ ring, origin: 'huiying', markSealed: true })],
  };
}

/** Loads the keys once and builds the data converter from them. */
export async function loadDataConverter(source: KeySource): Promise<{ ring: KeyRing; dataConverter: DataConverter }> {
  const ring = await source.load();
  return { ring, dataConverter: huiyingDataConverter(ring) };
}
