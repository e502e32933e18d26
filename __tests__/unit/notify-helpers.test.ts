import { describe, expect, it } from "vitest";
import { raceDeadline } from "../../src/action/hard-stop.js";
import { formatAge } from "../../src/github/age.js";
import { readRunContext } from "../../src/github/context.js";
import { describeHistory, missedRunNote } from "../../src/github/history.js";
import { failureText } from "../../src/github/issue-body.js";
import { parseNotifyList } from "../../src/settings/index.js";

const HOUR = 3600_000;

describe("formatAge", () => {
  it("says whole days and hours, or hours, or minutes", () => {
    expect(formatAge(2 * 24 * HOUR + 3 * HOUR + 59 * 60_000)).toBe("2 days 3 hours");
    expect(formatAge(24 * HOUR)).toBe("1 day");
    expect(formatAge(25 * HOUR)).toBe("1 day 1 hour");
    expect(formatAge(37 * HOUR)).toBe("1 day 13 hours");
    expect(formatAge(5 * HOUR + 10)).toBe("5 hours");
    expect(formatAge(61_000)).toBe("1 minute");
    expect(formatAge(-5)).toBe("0 minutes");
  });
});

describe("missedRunNote", () => {
  const at = "2026-11-24T02:00:00.000Z";
  it("speaks only past 36 hours", () => {
    expect(missedRunNote({ kind: "previous-success", at, url: "u", ageMs: 36 * HOUR })).toBeUndefined();
    expect(missedRunNote({ kind: "previous-success", at, url: "u", ageMs: 36 * HOUR + 60_000 })).toBe(
      "The previous successful run was 1 day 12 hours ago (2026-11-24T02:00:00Z): scheduled runs may have been missed or failed.",
    );
  });
  it("says nothing on the first run or when the history could not be read", () => {
    expect(missedRunNote({ kind: "no-previous-success" })).toBeUndefined();
    expect(missedRunNote({ kind: "unknown", why: "403" })).toBeUndefined();
    expect(missedRunNote(undefined)).toBeUndefined();
    expect(describeHistory({ kind: "no-previous-success" })).toMatch(/^none found/);
  });
});

describe("readRunContext", () => {
  it("builds the run link from the server URL, repository and run id", () => {
    expect(readRunContext({ GITHUB_REPOSITORY: "acme/sync", GITHUB_RUN_ID: "123", GITHUB_SERVER_URL: "https://ghe.example/", GITHUB_API_URL: "https://ghe.example/api/v3" })).toEqual({
      apiUrl: "https://ghe.example/api/v3",
      owner: "acme",
      repo: "sync",
      runId: 123,
      runUrl: "https://ghe.example/acme/sync/actions/runs/123",
    });
    expect(readRunContext({ GITHUB_REPOSITORY: "acme/sync", GITHUB_RUN_ID: "1" })?.apiUrl).toBe("https://api.github.com");
  });
  it("is undefined outside GitHub Actions", () => {
    expect(readRunContext({})).toBeUndefined();
    expect(readRunContext({ GITHUB_REPOSITORY: "acme/sync" })).toBeUndefined();
    expect(readRunContext({ GITHUB_REPOSITORY: "nonsense", GITHUB_RUN_ID: "1" })).toBeUndefined();
  });
});

describe("failureText", () => {
  it("keeps an API's error text inside a fence, so it can neither break the issue nor mention anyone", () => {
    const body = failureText({ status: "failed", reason: "Oomnitza said ```@bob``` <b>no</b>", notify: ["alice", "acme/it-ops"], runUrl: "https://github.com/a/b/actions/runs/1", runId: 1, finishedAt: "2026-11-26T05:17:09.123Z" });
    expect(body.split("\n")[0]).toBe("@alice @acme/it-ops");
    expect(body).toContain("````text\nOomnitza said ```@bob``` <b>no</b>\n````");
    expect(body).toContain("[run 1](https://github.com/a/b/actions/runs/1) (2026-11-26T05:17:09Z)");
  });
});

describe("parseNotifyList", () => {
  it("accepts users and org/team names with or without @, and sets aside the rest", () => {
    expect(parseNotifyList("alice, @acme/it-ops bob;x")).toEqual({ names: ["alice", "acme/it-ops"], invalid: ["bob;x"] });
  });
});

describe("raceDeadline", () => {
  it("gives the work's result when it finishes in time, and gives up when it does not", async () => {
    expect(await raceDeadline(Promise.resolve(5), 1000)).toEqual({ finished: true, value: 5 });
    expect(await raceDeadline(new Promise(() => {}), 10)).toEqual({ finished: false });
  });
});
