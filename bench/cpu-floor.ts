import type { IntercomEmulator, LoggedRequest, OomnitzaEmulator } from "../emulators/index.js";

/**
 * The CPU floor of a sync: what `JSON.parse` alone costs over the answers the sync read.
 * The reads a run made (every GET the emulators logged) are fetched again, in the
 * benchmark's own process, and parsed; nothing else is done with them.
 */
export async function readBodiesAgain(intercom: IntercomEmulator, oomnitza: OomnitzaEmulator, entries: { intercom: LoggedRequest[]; oomnitza: LoggedRequest[] }): Promise<string[]> {
  const requests = [
    ...entries.intercom.filter((e) => e.method === "GET").map((e) => ({ url: `${intercom.url}${e.path}${e.query ? `?${e.query}` : ""}`, headers: { Authorization: `Bearer ${intercom.token}`, "Intercom-Version": "2.11" } })),
    ...entries.oomnitza.filter((e) => e.method === "GET").map((e) => ({ url: `${oomnitza.url}${e.path}${e.query ? `?${e.query}` : ""}`, headers: { Authorization2: oomnitza.token } })),
  ];
  const bodies: string[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const { url, headers } = requests[i] as (typeof requests)[number];
      const answer = await fetch(url, { headers });
      bodies[i] = await answer.text();
      if (!answer.ok) throw new Error(`reading ${url} again answered ${answer.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return bodies;
}

/** CPU time (user + system, ms) of `JSON.parse` over every body: the median of `repeats` passes. */
export function jsonParseCpuMs(bodies: string[], repeats = 5): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const before = process.cpuUsage();
    for (const body of bodies) JSON.parse(body);
    const spent = process.cpuUsage(before);
    times.push((spent.user + spent.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}
