/** One answer as sent, for observers (the fidelity tests check every body against the OpenAPI files). */
export interface ObservedResponse {
  api: "intercom" | "oomnitza";
  method: string;
  route: string;
  status: number;
  contentType: string;
  text: string;
  /** Set when a control injected a fault: the answer is broken on purpose. */
  fault?: string;
}

const observers = new Set<(r: ObservedResponse) => void>();

/** Calls `fn` with every answer any Intercom or Oomnitza emulator in this process sends; returns the unsubscribe function. */
export function observeResponses(fn: (r: ObservedResponse) => void): () => void {
  observers.add(fn);
  return () => observers.delete(fn);
}

/** Used by the server: tells every observer about one answer. */
export function notifyObservers(seen: () => ObservedResponse): void {
  if (observers.size === 0) return;
  const r = seen();
  for (const fn of observers) fn(r);
}
