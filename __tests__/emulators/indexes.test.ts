import { afterEach, describe, expect, it } from "vitest";
import { startOomnitzaEmulator, type OomnitzaEmulator } from "../../emulators/oomnitza/emulator.js";

let oomnitza: OomnitzaEmulator | undefined;
afterEach(async () => {
  await oomnitza?.close();
  oomnitza = undefined;
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${oomnitza!.url}${path}`, { method, headers: { Authorization2: oomnitza!.token, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("Oomnitza emulator indexes stay correct", () => {
  it("refuses a duplicate username also for people a test put into the live map directly", async () => {
    oomnitza = await startOomnitzaEmulator({ users: [{ username: "a@example.com" }] });
    expect((await call("POST", "/api/v3/users", { username: "A@example.com" })).status).toBe(400);
    oomnitza.users.set("direct", { user_id: "direct", username: "direct@example.com" });
    expect((await call("POST", "/api/v3/users", { username: "DIRECT@example.com" })).status).toBe(400);
    expect((await call("POST", "/api/v3/users", { username: "new@example.com" })).status).toBe(200);
    expect((await call("POST", "/api/v3/users", { username: "new@example.com" })).status).toBe(400);
    // A renamed person frees the old name and takes the new one.
    const id = [...oomnitza.users.values()].find((u) => u.username === "new@example.com")!.user_id;
    expect((await call("PATCH", `/api/v3/users/${id}`, { username: "renamed@example.com" })).status).toBe(200);
    expect((await call("POST", "/api/v3/users", { username: "new@example.com" })).status).toBe(200);
    expect((await call("POST", "/api/v3/users", { username: "renamed@example.com" })).status).toBe(400);
  });

  it("a sorted listing sees people created after an earlier sorted read", async () => {
    oomnitza = await startOomnitzaEmulator({ users: [{ username: "b@example.com" }, { username: "d@example.com" }] });
    const names = async () => ((await (await call("GET", "/api/v3/users?sortby=username%20asc&fields=username")).json()) as Array<{ username: string }>).map((u) => u.username);
    expect(await names()).toEqual(["b@example.com", "d@example.com"]);
    await call("POST", "/api/v3/users", { username: "a@example.com" });
    expect(await names()).toEqual(["a@example.com", "b@example.com", "d@example.com"]);
    const b = [...oomnitza.users.values()].find((u) => u.username === "b@example.com")!;
    await call("PATCH", `/api/v3/users/${b.user_id}`, { username: "z@example.com" });
    expect(await names()).toEqual(["a@example.com", "d@example.com", "z@example.com"]);
  });
});
