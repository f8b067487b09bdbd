/**
 * What a sticky-cache miss costs: the worker that takes a workflow it does not hold replays the
 * whole history before it runs the new task. Measured here by replaying one request's real
 * history (fetched after its OVERDUE) with the Huiying bundle and the topology's codec keys, many
 * times through one replay worker, so the per-replay figure excludes the worker's own start.
 */
import { Connection, type TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { workflowBundleOptions } from '../infra/codec/data-converter';
import { workflowsPath } from '../worker/create-worker';
import { quantile } from './stats';

export interface ReplayCost {
  events: number;
  replays: number;
  p50Ms: number;
  meanMs: number;
  /** Set when the history did not replay (a nondeterminism error is a bug of the workflow code). */
  error?: string;
}

async function fetchHistory(endpoint: { address: string; tls?: TLSConfig }, workflowId: string): Promise<temporal.api.history.v1.IHistory> {
  const connection = await Connection.connect({ address: endpoint.address, tls: endpoint.tls });
  try {
    const events: temporal.api.history.v1.IHistoryEvent[] = [];
    let nextPageToken: Uint8Array | undefined;
    do {
      const page = await connection.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, nextPageToken });
      events.push(...(page.history?.events ?? []));
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return { events };
  } finally {
    await connection.close();
  }
}

export async function measureReplay(
  endpoint: { address: string; tls?: TLSConfig },
  workflowId: string,
  dataConverter: DataConverter,
  replays = 30,
): Promise<ReplayCost> {
  const history = await fetchHistory(endpoint, workflowId);
  const { code } = await bundleWorkflowCode({ workflowsPath, ...workflowBundleOptions, logger: silent });
  const times: number[] = [];
  let last = performance.now();
  const items = (async function* () {
    for (let i = 0; i < replays; i++) {
      last = performance.now();
      yield { workflowId: `${workflowId}-replay-${i}`, history };
    }
  })();
  for await (const result of Worker.runReplayHistories({ workflowBundle: { code }, dataConverter }, items)) {
    if (result.error) throw result.error;
    times.push(performance.now() - last);
  }
  // The first replay warms the worker's V8 context up; a running worker's misses are warm ones.
  const warm = times.slice(1);
  return { events: history.events?.length ?? 0, replays: times.length, p50Ms: quantile(warm, 0.5), meanMs: warm.reduce((a, b) => a + b, 0) / warm.length };
}

const silent = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
