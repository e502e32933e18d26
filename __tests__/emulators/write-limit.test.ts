import { afterEach, describe, expect, it } from "vitest";
import { generateUsers } from "../../emulators/data/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/oomnitza/emulator.js";
import { call, oomnitzaHeaders } from "../support/emulator-requests.js";
import { checkAnswersAgainstOpenApi } from "../support/fidelity.js";

// Every answer sent while this file runs must match the OpenAPI descriptions.
checkAnswersAgainstOpenApi();

let oo: OomnitzaEmulator | undefined;
afterEach(async () => {
  await oo?.close();
  oo = undefined;
});

const create = (emulator: OomnitzaEmulator, username: string) =>
  call(`${emulator.url}/api/v3/users`, { method: "POST", headers: oomnitzaHeaders(), body: JSON.stringify({ username, first_name: "W", last_name: "L" }) });

describe("Oomnitza write limit: a 429 for a write while K are in flight", () => {
  it("takes K writes at once, refuses the next with Oomnitza's 429 body, and takes writes again once they are answered", async () => {
    oo = await startOomnitzaEmulator({ users: generateUsers(3), writeLimit: { maxInFlight: 2 } });
    oo.controls.setLatency("POST /api/v3/users", 150);
    const emulator = oo;
    const answers = await Promise.all(["a", "b", "c"].map((name, i) => new Promise((resolve) => setTimeout(resolve, i * 20)).then(() => create(emulator, `${name}@example.com`))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[2]?.headers.get("retry-after")).toBeNull();
    expect(answers[2]?.body).toMatchObject({ error: "Too Many Requests" });
    expect(oo.log.entries.map((e) => [e.status, e.fault])).toEqual([
      [200, undefined],
      [200, undefined],
      [429, "write-limit"],
    ]);
    // The refused write stored nothing; reads are never limited; once the two are answered a write is taken again.
    const usernames = new Set([...oo.users.values()].map((u) => u.username));
    expect(["a", "b", "c"].map((name) => usernames.has(`${name}@example.com`))).toEqual([true, true, false]);
    expect((await call(`${oo.url}/api/v3/users`, { headers: oomnitzaHeaders() })).status).toBe(200);
    expect((await create(oo, "d@example.com")).status).toBe(200);
    expect(oo.controls.mostWritesInFlight).toBe(2);
    expect(oo.controls.writesInFlight).toBe(0);
  });

  it("sends Retry-After when told to, can be changed or switched off at run time, and reset() restores the start", async () => {
    oo = await startOomnitzaEmulator({ users: generateUsers(3) });
    oo.controls.setLatency("POST /api/v3/users", 100);
    oo.controls.setWriteLimit({ maxInFlight: 1, retryAfter: 3 });
    const emulator = oo;
    const both = await Promise.all([create(emulator, "x@example.com"), new Promise((resolve) => setTimeout(resolve, 20)).then(() => create(emulator, "y@example.com"))]);
    expect(both.map((a) => a.status)).toEqual([200, 429]);
    expect(both[1]?.headers.get("retry-after")).toBe("3");
    oo.controls.setWriteLimit(null);
    const free = await Promise.all([create(emulator, "p@example.com"), create(emulator, "q@example.com"), create(emulator, "r@example.com")]);
    expect(free.map((a) => a.status)).toEqual([200, 200, 200]);
    oo.controls.setWriteLimit({ maxInFlight: 1 });
    oo.controls.reset();
    expect(oo.controls.writeLimit).toBeNull();
  });
});
