/**
 * Turns SIGINT/SIGTERM (a cancelled workflow run, Ctrl-C, systemd stopping the unit)
 * into a cancellation the engine honours: no new write starts, writes in flight
 * finish, and the summary, report and failure issue still say what was done. A second
 * signal gets the default behaviour (the process ends at once), since the handlers are
 * registered once.
 */
export function cancelOnSignals(warn: (message: string) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const handler = () => {
      warn(`Received ${name}: no new writes will start; finishing the ones in flight and reporting.`);
      controller.abort();
    };
    process.once(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => handlers.forEach(([name, handler]) => process.removeListener(name, handler)),
  };
}
