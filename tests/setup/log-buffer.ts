/**
 * The worker's log lines (SDK Runtime logger) are held back during a test and printed only when
 * that test fails: many tests make activities fail on purpose, and each retry logs a WARN with a
 * stack trace (about 200 per run) that would bury the report. The test environment
 * (tests/setup/quiet-environment.ts) calls the flush/drop hooks registered here after each test.
 */
import { DefaultLogger, type LogEntry } from '@temporalio/worker';

const MAX_LINES = 2000;

declare global {
  var __huiyingLogHooks: { flush(testName: string): void; drop(): void } | undefined;
}

export function bufferedWorkerLogger(): DefaultLogger {
  let lines: string[] = [];
  globalThis.__huiyingLogHooks = {
    flush(testName) {
      if (!lines.length) return;
      process.stderr.write(`--- worker log held back during "${testName}" (${lines.length} lines) ---\n${lines.join('\n')}\n`);
      lines = [];
    },
    drop() {
      lines = [];
    },
  };
  return new DefaultLogger('WARN', (entry: LogEntry) => {
    const meta = entry.meta && Object.keys(entry.meta).length ? ` ${JSON.stringify(entry.meta)}` : '';
    lines.push(`[${entry.level}] ${entry.message}${meta}`);
    if (lines.length > MAX_LINES) lines = lines.slice(-MAX_LINES);
  });
}
