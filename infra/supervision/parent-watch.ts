/**
 * Calls `onOrphaned` once when the process that started this one dies: its parent PID changes
 * (re-parented to init or a subreaper). `npm run start:cluster` runs under npm, so a kill -9 of
 * npm — the PID a user, systemd or a test holds — would otherwise leave this supervisor and all it
 * supervises running unseen. Node exposes no parent-death signal for itself, hence the poll.
 */
export function watchParent(onOrphaned: () => void, intervalMs = 1_000): void {
  const parent = process.ppid;
  // Started by init (or as a container's first child): there is no parent to outlive.
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, intervalMs);
  timer.unref();
}
