// Ctrl-C (SIGINT), SIGTERM and a closed terminal (SIGHUP) while a command works: it undoes what
// it began (the caller's cleanup), says so in one line and exits 128 + the signal's number (130,
// 143, 129), as a shell reports a process killed by that signal. The simulation itself runs on a
// worker thread, so the main thread is free to receive the signal at any moment of a run.
// Leaves out SIGKILL, which nothing can catch: the next run into the folder removes what a
// killed run left (bin/output-dir.ts).

import os from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Until the returned function is called, a signal runs `cleanup` (which says what it removed,
 * e.g. "removed the unfinished faultline-out/x/seed-1") and exits the process.
 */
export function onInterrupt(cleanup: () => Promise<string> | string): () => void {
  let fired = false;
  const handler = (signal: NodeJS.Signals) => {
    // A second Ctrl-C while cleaning up must not cut the cleanup short.
    if (fired) return;
    fired = true;
    Promise.resolve()
      .then(cleanup)
      .catch((e: unknown) => `could not remove everything: ${(e as Error)?.message ?? String(e)}`)
      .then((what) => {
        process.stderr.write(`faultline: interrupted (${signal}): ${what}\n`);
        process.exit(128 + os.constants.signals[signal]);
      });
  };
  for (const s of SIGNALS) process.on(s, handler);
  return () => {
    for (const s of SIGNALS) process.off(s, handler);
  };
}
