/**
 * Turns SIGINT/SIGTERM (a cancelled workflow run, Ctrl-C, systemd stopping the unit)
 * into a cancellation the engine honours: reads in progress and retry waits stop at
 * once, no new write starts, a write in flight gets a moment to finish, and the
 * summary, report and failure issue still say what was done. GitHub's cancel sends
 * SIGINT and, 7.5 s later, SIGTERM: a second signal of either kind ends the process at
 * once. The handler stays until `dispose`, and ends the process itself on the second
 * signal (raising it again with the default behaviour): merely removing the handlers
 * would lose a second signal that arrived while the first was still waiting for a busy
 * event loop.
 */
export function cancelOnSignals(warn: (message: string) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const names = ["SIGINT", "SIGTERM"] as const;
  const dispose = () => names.forEach((name) => process.removeListener(name, handler));
  function handler(name: NodeJS.Signals) {
    if (controller.signal.aborted) {
      dispose();
      process.kill(process.pid, name);
      return;
    }
    warn(`Received ${name}: stopping reads and retry waits, starting no new write, and reporting; a second signal ends the process at once.`);
    controller.abort();
  }
  names.forEach((name) => process.on(name, handler));
  return { signal: controller.signal, dispose };
}
