/**
 * The hostile cases themselves (see hostile.ts for how they are run and measured).
 * Each starts its own emulators, runs a bundle, checks what a demanding user expects,
 * and closes everything it started.
 */
import { DEFAULT_CUSTOM_FIELDS, startIntercomEmulator, startOomnitzaEmulator, type IntercomAdmin, type IntercomEmulator, type OomnitzaEmulator, type OomnitzaEmulatorOptions } from "../../emulators/index.js";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "../support/temp.js";
import { createServer } from "node:net";
import { DNS_HOOK, Expectations, measureAction, measureCli, secretsIn, type HostileCase, type HostileResult, type Measured, type MeasureOptions } from "./hostile.js";

export function admin(id: string, email: string, name: string, extra: Partial<IntercomAdmin> = {}): IntercomAdmin {
  return { type: "admin", id, name, email, job_title: "Support Agent", away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, team_ids: [1], ...extra };
}

export interface Emulators {
  intercom: IntercomEmulator;
  oomnitza: OomnitzaEmulator;
  /** The action's connection inputs for both. */
  inputs: Record<string, string>;
  /** Every token a run could leak. */
  secrets: string[];
  close(): Promise<void>;
}

export async function emulators(admins: IntercomAdmin[], oomnitza: OomnitzaEmulatorOptions = {}): Promise<Emulators> {
  const ic = await startIntercomEmulator({ admins, activityLogs: [] });
  const oo = await startOomnitzaEmulator(oomnitza);
  return {
    intercom: ic,
    oomnitza: oo,
    inputs: { "intercom-token": ic.token, "intercom-url": ic.url, "oomnitza-url": oo.url, "oomnitza-token": oo.token },
    secrets: [ic.token, oo.token],
    close: async () => {
      await ic.close();
      await oo.close();
    },
  };
}

/** A case's row from a measured run: the outcome is the run's status (or exit code) and its first words of reason. */
export function resultOf(run: Measured, secrets: string[], expect: Expectations, outcome?: string, figures?: HostileResult["figures"]): HostileResult {
  const status = run.report?.status ?? run.outputs.status ?? `exit ${run.code}`;
  const secretsFound = secretsIn(run.text, secrets);
  expect.that(secretsFound === 0, `${secretsFound} secrets found in the output`);
  return { outcome: outcome ?? status, ms: run.ms, peakMb: run.peakMb, secretsFound, problems: expect.problems, figures };
}

export async function action(inputs: Record<string, string>, options?: MeasureOptions): Promise<Measured> {
  return measureAction(inputs, options);
}

/** 1. A catastrophic pattern against a long name: RE2 answers in linear time. */
const catastrophicPattern: HostileCase = {
  id: "regex",
  point: "14.1",
  title: "filter `(a+)+$` against a 50,000-character name",
  async run() {
    const long = "a".repeat(50_000) + "!";
    const env = await emulators([admin("1", "long@example.com", long), admin("2", "short@example.com", "aaaa"), admin("3", "ada@example.com", "Ada Lovelace")]);
    try {
      const run = await action({ ...env.inputs, filter: '- exclude: { name: { matches: "(a+)+$" } }' });
      const expect = new Expectations();
      expect.that(run.report?.status === "success", `status ${run.report?.status}: ${run.report?.reason ?? run.stdout.slice(-300)}`);
      expect.that(run.report?.counts.filtered === 1 && run.report?.counts.created === 2, `counts ${JSON.stringify(run.report?.counts)}`);
      expect.that(run.ms < 15_000, `took ${run.ms} ms`);
      return resultOf(run, env.secrets, expect, "success: the pattern ran in linear time, 1 filtered, 2 created");
    } finally {
      await env.close();
    }
  },
};

/** 14.3, 13.5: settings that carry secrets or a wrong address are refused before any request, and no message repeats the secret. */
const urlSecrets: HostileCase = {
  id: "url-secrets",
  point: "14.3 13.5",
  title: "oomnitza-url with user:password and a path; heartbeat-url over http with a secret path",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    const password = "Passw0rd-9f3e1c";
    const check = "0b5e-heartbeat-check-7d21";
    try {
      const port = new URL(env.oomnitza.url).port;
      const run = await action(
        { ...env.inputs, "oomnitza-url": `http://sync-user:${password}@127.0.0.1:${port}/api/v3`, "heartbeat-url": `http://hc.example/ping/${check}` },
        { github: true },
      );
      const expect = new Expectations();
      expect.that(run.code === 1 && run.outputs.status === "failed", `exit ${run.code}, status ${run.outputs.status}`);
      expect.that(run.summary.includes("the URL carries a user name or password") && run.summary.includes("give the instance's address only: http://127.0.0.1:"), "the summary names both problems");
      // Shown as inline code in the summary (a value the user typed never renders as a link).
      expect.that(run.summary.includes("heartbeat-url: `http://hc.example`"), "the heartbeat URL is shown as scheme and host, as inline code");
      expect.that(run.issues.length === 1 && run.issues[0]!.includes("carries a user name or password"), "the failure issue says why");
      expect.that(/::error::The settings have 3 problems/.test(run.stdout), "the log says so");
      expect.that(env.oomnitza.log.count() === 0 && env.intercom.log.count() === 0, `requests before validation: ${env.oomnitza.log.count() + env.intercom.log.count()}`);
      return resultOf(run, [...env.secrets, password, check], expect, "settings error before any request; no password or check id shown");
    } finally {
      await env.close();
    }
  },
};

/** A "billion laughs" document: nine levels of nine aliases, 9^9 strings once expanded. */
export function yamlBomb(): string {
  const names = "abcdefghi";
  const lines = [`${names[0]}: &${names[0]} [${Array(9).fill('"lol"').join(",")}]`];
  for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(",")}]`);
  return `${lines.join("\n")}\nfields: *${names[names.length - 1]}\n`;
}

/** 14.6: an alias bomb in the mapping is a settings error like any other, with summary, outputs and failure issue. */
const aliasBomb: HostileCase = {
  id: "yaml-bomb",
  point: "14.6",
  title: "mapping: a YAML alias bomb (billion laughs)",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    try {
      const run = await action({ ...env.inputs, mapping: yamlBomb() }, { github: true });
      const expect = new Expectations();
      expect.that(run.code === 1 && run.outputs.status === "failed" && run.outputs["report-path"] === "", `exit ${run.code}, outputs ${JSON.stringify(run.outputs)}`);
      expect.that(run.summary.includes("billion laughs") && run.summary.includes("The settings have a problem"), "the summary says what is wrong");
      expect.that(run.issues.length === 1 && run.issues[0]!.includes("billion laughs"), "the failure issue says what is wrong");
      expect.that(!run.text.includes("unexpectedly"), "not an unexpected failure");
      expect.that(env.oomnitza.log.count() === 0, "nothing was sent");
      expect.that(run.peakMb < 200, `peak ${Math.round(run.peakMb)} MB`);
      return resultOf(run, env.secrets, expect, "settings error: summary, outputs, failure issue");
    } finally {
      await env.close();
    }
  },
};

/** 14.3: a mapping file and a config file that fail to parse next to a secret: the place is named, the text never shown. */
const brokenFilesWithSecrets: HostileCase = {
  id: "broken-files",
  point: "14.3",
  title: "mapping and --config files that fail to parse on the line holding a secret",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    const secret = "pw-Zq81-not-for-logs";
    try {
      const workspace = tempDir("ios-broken-");
      writeFileSync(path.join(workspace, "mapping.yml"), `extends: default\nfields:\n  password: { value: "${secret}\\q" }\n  email: [email\n`);
      const run = await action({ ...env.inputs, mapping: path.join(workspace, "mapping.yml") }, { github: true });
      const config = path.join(workspace, "sync.yml");
      writeFileSync(config, `oomnitza-url: ${env.oomnitza.url}\noomnitza-token: "${secret}\\x\n`, { mode: 0o600 });
      const cli = await measureCli(["--config", config], { INTERCOM_TOKEN: env.intercom.token });
      const expect = new Expectations();
      expect.that(run.code === 1 && run.outputs.status === "failed", `action: exit ${run.code}`);
      expect.that(/not valid YAML at line \d+, column \d+ \(/.test(run.summary) && run.issues.length === 1, "the action names line and column in the summary and the issue");
      expect.that(cli.code === 2 && /--config .*sync\.yml: not valid YAML at line 2, column \d+ \(/.test(cli.stderr), `CLI: exit ${cli.code}: ${cli.stderr.slice(0, 300)}`);
      expect.that(env.oomnitza.log.count() === 0, "nothing was sent");
      const both = { ...run, text: `${run.text}\n${cli.text}`, ms: run.ms + cli.ms, peakMb: Math.max(run.peakMb, cli.peakMb) };
      return resultOf(both, [...env.secrets, secret], expect, "settings error naming line and column, no text quoted");
    } finally {
      await env.close();
    }
  },
};

/** Characters a server must never get into a log line, an annotation or the failure issue. */
// eslint-disable-next-line no-control-regex
export const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

/** 14.7: an error body full of escape sequences, bidirectional overrides and would-be workflow commands. */
const hostileErrorText: HostileCase = {
  id: "server-text",
  point: "14.7",
  title: "an Oomnitza error body with escape sequences, bidi overrides and workflow commands",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    try {
      const message = "\u001b[2J\u001b]0;owned\u0007 the database \u202eis down\u202c\r\n::error::injected\n::add-mask::ada@example.com\u0000";
      env.oomnitza.controls.failNext("GET /api/v2/mappings", 10, { status: 400, body: JSON.stringify({ error: "Bad Request", message }) });
      const run = await action(env.inputs, { github: true });
      const expect = new Expectations();
      expect.that(run.code === 1 && run.outputs.status === "failed", `exit ${run.code}, status ${run.outputs.status}`);
      expect.that(/::error::Sync failed: checking the Oomnitza connection: Oomnitza answered 400: Bad Request; +the database is down/.test(run.stdout), "the annotation keeps the words");
      for (const [where, text] of [["log", run.stdout], ["summary", run.summary], ["issue", run.issues.join("\n")]] as const) {
        expect.that(!UNSAFE.test(text), `a control or bidi character reached the ${where}`);
      }
      expect.that(!run.stdout.split("\n").some((line) => line.startsWith("::error::injected") || line.startsWith("::add-mask::ada")), "a workflow command was injected");
      expect.that(run.issues.length === 1 && run.issues[0]!.includes("the database is down"), "the issue says why");
      return resultOf(run, env.secrets, expect, "failed cleanly; the server's words shown, its control characters not");
    } finally {
      await env.close();
    }
  },
};

/** A loopback port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** 13.4: a misspelt host fails at once, naming the setting as each adapter calls it; a refused connection is tried three times at most. */
const unreachable: HostileCase = {
  id: "unreachable",
  point: "13.4",
  title: "oomnitza-url that does not resolve (action and CLI), and one that refuses connections",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    try {
      // The real retry waits (1 s, 2 s, …), as a user would meet them.
      const realWaits = { INTERCOM_OOMNITZA_SYNC_RETRY_BASE_MS: "" };
      const typo = "https://acme-oomnitza.invalid";
      const run = await action({ ...env.inputs, "oomnitza-url": typo }, { github: true, preload: [DNS_HOOK], env: realWaits });
      const cliEnv = { ...realWaits, INTERCOM_TOKEN: env.intercom.token, OOMNITZA_TOKEN: env.oomnitza.token };
      const cli = await measureCli(["--json", "--intercom-url", env.intercom.url, "--oomnitza-url", typo], cliEnv, undefined, [DNS_HOOK]);
      const refused = await measureCli(["--json", "--intercom-url", env.intercom.url, "--oomnitza-url", `http://127.0.0.1:${await closedPort()}`], cliEnv);
      const expect = new Expectations();
      expect.that(run.outputs.status === "failed" && run.ms < 3000, `action: status ${run.outputs.status} in ${run.ms} ms`);
      expect.that(run.stdout.includes("could not be reached (ENOTFOUND") && run.stdout.includes("the host name does not resolve: check the spelling of oomnitza-url"), "the action names oomnitza-url");
      expect.that(run.issues.some((body) => body.includes("check the spelling of oomnitza-url")), "the failure issue names oomnitza-url");
      expect.that(run.report?.apiCalls.byApi.oomnitza === 1, `action: ${run.report?.apiCalls.byApi.oomnitza} Oomnitza calls`);
      expect.that(cli.code === 1 && cli.ms < 3000 && cli.stderr.includes("check the spelling of --oomnitza-url"), `CLI: exit ${cli.code} in ${cli.ms} ms: ${cli.stderr.slice(-200)}`);
      expect.that(refused.report?.apiCalls.byApi.oomnitza === 3 && refused.report?.reason?.includes("(gave up after 3 attempts); nothing accepted the connection: check --oomnitza-url (host and port)") === true, `refused: ${refused.report?.apiCalls.byApi.oomnitza} calls, ${refused.report?.reason}`);
      const all = { ...run, text: [run.text, cli.text, refused.text].join("\n"), ms: run.ms + cli.ms + refused.ms, peakMb: Math.max(run.peakMb, cli.peakMb, refused.peakMb) };
      return resultOf(all, env.secrets, expect, "failed at once naming the setting; refused: 3 attempts", {
        "unresolvable (action)": `${run.ms} ms`,
        "unresolvable (CLI)": `${cli.ms} ms`,
        "refused (CLI, 3 attempts)": `${refused.ms} ms`,
      });
    } finally {
      await env.close();
    }
  },
};

/** Text of `n` characters that no sanitiser likes: non-Latin letters, a bidi override, a bell. */
const hostileText = (i: number, n: number) => `Ádä \u202e ${"Lovelace\u0007 ".repeat(Math.ceil(n / 10))}`.slice(0, n) + i;

/** 14.5: 20,000 admins sharing one email, with names and titles as long as the largest accepted answer allows. */
const crowd: HostileCase = {
  id: "crowd",
  point: "14.5",
  title: "20,000 admins sharing one email, long hostile names (a 23 MB answer)",
  async run() {
    const admins = Array.from({ length: 20_000 }, (_, i) =>
      admin(String(i + 1), "shared@example.com", hostileText(i, 265), { job_title: hostileText(i, 265), team_ids: Array.from({ length: 40 }, (_, t) => 1000 + t) }),
    );
    const env = await emulators(admins, { users: Array.from({ length: 2000 }, (_, i) => ({ username: `p${i}@example.com`, email: "shared@example.com" })) });
    try {
      const run = await action(env.inputs);
      const expect = new Expectations();
      const reasons = run.report?.entries.map((e) => e.reason ?? "") ?? [];
      expect.that(run.report?.status === "success" && run.report.counts.skipped === 20_000, `status ${run.report?.status}, skipped ${run.report?.counts.skipped}: ${run.report?.reason}`);
      expect.that(reasons[0] === "duplicate in Intercom: admin 2, 3, 4 and 19,996 more have the same email", `reason: ${reasons[0]}`);
      expect.that(Math.max(...reasons.map((r) => r.length)) < 120, "a reason names at most a few others");
      expect.that(Buffer.byteLength(run.summary) < 1024 * 1024, `summary ${Buffer.byteLength(run.summary)} bytes`);
      expect.that(run.peakMb < 300, `peak ${Math.round(run.peakMb)} MB`);
      return resultOf(run, env.secrets, expect, "success: 20,000 skipped with short reasons", { "summary bytes": Buffer.byteLength(run.summary) });
    } finally {
      await env.close();
    }
  },
};

/** 14.5: an answer over the size limit fails cleanly (with a report) before it is held in memory. */
const oversized: HostileCase = {
  id: "oversized",
  point: "14.5",
  title: "an Intercom answer over 24 MiB",
  async run() {
    const admins = Array.from({ length: 20_000 }, (_, i) => admin(String(i + 1), `a${i}@example.com`, hostileText(i, 700), { job_title: hostileText(i, 700) }));
    const env = await emulators(admins);
    try {
      const run = await action(env.inputs, { github: true });
      const expect = new Expectations();
      expect.that(run.outputs.status === "failed" && /the response was too large \(over 24576 KiB\)/.test(run.report?.reason ?? ""), `reason: ${run.report?.reason}`);
      expect.that(run.issues.length === 1 && run.summary.includes("too large"), "summary and issue say why");
      expect.that(run.peakMb < 150, `peak ${Math.round(run.peakMb)} MB`);
      return resultOf(run, env.secrets, expect, "failed cleanly, reported; the answer was never held whole");
    } finally {
      await env.close();
    }
  },
};

/** 14.5: an Oomnitza that invents rows forever (no total) is read up to 1,000,000 rows, then the run fails with a report. */
const endlessPaging: HostileCase = {
  id: "endless-paging",
  point: "14.5",
  title: "Oomnitza inventing new people on every page, without a total",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")], { hostile: { inventUsers: true } });
    try {
      const run = await action(env.inputs, { github: true });
      const expect = new Expectations();
      expect.that(run.outputs.status === "failed" && /reading Oomnitza users: Oomnitza kept sending rows past 1000000 without a total; reading stopped and nothing was written/.test(run.report?.reason ?? ""), `reason: ${run.report?.reason}`);
      expect.that(run.issues.length === 1 && run.summary.includes("kept sending rows"), "summary and issue say why");
      expect.that(env.oomnitza.log.writes().length === 0, "nothing was written");
      expect.that(run.peakMb < 300, `peak ${Math.round(run.peakMb)} MB`);
      return resultOf(run, env.secrets, expect, `failed cleanly after ${env.oomnitza.log.count("GET /api/v3/users")} pages, reported`);
    } finally {
      await env.close();
    }
  },
};

/** 14.8: ids are data, never paths; an id past 2^53 is refused; emails are written trimmed. */
const idsAreData: HostileCase = {
  id: "ids",
  point: "14.8",
  title: 'Oomnitza user ids ".", "..", "" and "a/b"; an admin id past 2^53; an email with spaces',
  async run() {
    const odd = [".", "..", "", "people/42"];
    const admins = [
      ...odd.map((_, i) => admin(String(100 + i), `odd${i}@example.com`, `Odd ${i}`)),
      admin(9007199254740993 as unknown as string, "big@example.com", "Big Id"),
      admin("200", "  spaced@example.com ", "Spaced Out"),
    ];
    const users = odd.map((user_id, i) => ({ user_id, username: `odd${i}@example.com`, email: `odd${i}@example.com`, first_name: "Stale" }));
    const env = await emulators(admins, { users });
    try {
      const run = await action({ ...env.inputs, records: "users-and-saas-users" });
      const expect = new Expectations();
      const entries = run.report?.entries ?? [];
      const skipped = entries.filter((e) => /cannot be used in a request .*the person was not written/.test(e.reason ?? ""));
      expect.that(skipped.length === 4, `${skipped.length} of 4 odd ids skipped: ${JSON.stringify(entries.map((e) => e.reason))}`);
      expect.that(entries.some((e) => /id is a number beyond 2\^53/.test(e.reason ?? "")), "the id past 2^53 is refused");
      const writes = env.oomnitza.log.writes();
      expect.that(!writes.some((w) => /\/api\/v3\/users\/?$|\/api\/v3\/?$|\/users\/(\.|people)/.test(w.path) && w.method === "PATCH"), `a write went to ${writes.map((w) => `${w.method} ${w.path}`).join(", ")}`);
      const people = [...env.oomnitza.users.values()];
      expect.that(people.filter((u) => String(u.email).startsWith("odd")).length === 4 && people.every((u) => u.first_name !== "Odd"), "no odd person was written or created twice");
      expect.that(people.some((u) => u.email === "spaced@example.com" && u.username === "spaced@example.com"), `spaced email stored as ${JSON.stringify(people.find((u) => String(u.email).includes("spaced"))?.email)}`);
      expect.that(!people.some((u) => String(u.intercom_id ?? "").startsWith("900719925474099")), "the big id was written");
      return resultOf(run, env.secrets, expect, `${run.report?.status}: 4 odd ids skipped, big id refused, email trimmed`);
    } finally {
      await env.close();
    }
  },
};

/** 14.9: a field Oomnitza accepts but silently drops is noticed by reading a few updated people back. */
const writesThatDoNotStick: HostileCase = {
  id: "unkept",
  point: "14.9",
  title: "Oomnitza answers 200 to updates but silently drops position",
  async run() {
    const admins = Array.from({ length: 8 }, (_, i) => admin(String(300 + i), `p${i}@example.com`, `Person ${i}`, { job_title: "Support Lead" }));
    const users = admins.map((a) => ({ username: a.email as string, email: a.email as string, first_name: a.name.split(" ")[0], last_name: a.name.split(" ")[1], position: "Old title", intercom_id: a.id }));
    const env = await emulators(admins, { users, hostile: { dropOnWrite: ["position"] } });
    try {
      const run = await action(env.inputs);
      const expect = new Expectations();
      const unkept = run.report?.entries.filter((e) => e.unkept?.includes("position")) ?? [];
      expect.that(run.report?.status === "success" && run.report.counts.updated === 8, `status ${run.report?.status}, updated ${run.report?.counts.updated}`);
      expect.that(unkept.length === 5, `${unkept.length} people flagged (the sample is 5)`);
      expect.that(run.summary.includes("Oomnitza accepted position but did not keep it"), "the summary warns");
      expect.that(/::warning::Oomnitza accepted position but did not keep it/.test(run.stdout), "the log warns");
      expect.that(env.oomnitza.log.entries.filter((e) => e.method === "GET" && /^user_id IN/.test(new URLSearchParams(e.query ?? "").get("filter") ?? "")).length === 1, "one read-back request");
      return resultOf(run, env.secrets, expect, "success with a warning naming position (5 of 8 read back)");
    } finally {
      await env.close();
    }
  },
};

/** 14.10: access-control fields need the opt-in; secret-named values are masked everywhere; a job title that looks like a header is shown as written. */
const mappingSafety: HostileCase = {
  id: "mapping-safety",
  point: "14.10",
  title: "role and password written by the mapping; a job title \"Cookie: chocolate-chip\"",
  async run() {
    const password = "Welcome-2026!x";
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace", { job_title: "Cookie: chocolate-chip" })], { profile: "strict", strict: { dropdowns: {} }, customFields: { ...DEFAULT_CUSTOM_FIELDS, password: "string" } });
    const rules = `fields:\n  role: { value: 2, on: create }\n  password: { value: "${password}", on: create }\n`;
    try {
      const refused = await action({ ...env.inputs, mapping: `extends: default\n${rules}` });
      const run = await action({ ...env.inputs, mapping: `extends: default\nallow-access-fields: [role, password]\n${rules}` });
      const expect = new Expectations();
      expect.that(refused.outputs.status === "failed" && refused.summary.includes("fields.role: writes an Oomnitza access-control field") && refused.summary.includes("fields.password: writes"), "without the opt-in the settings are refused");
      expect.that(run.report?.status === "success" && run.report.counts.created === 1, `status ${run.report?.status}: ${run.report?.reason}`);
      const stored = [...env.oomnitza.users.values()].find((u) => u.email === "ada@example.com");
      expect.that(stored?.password === password && stored?.role === 2 && stored?.position === "Cookie: chocolate-chip", `stored ${JSON.stringify(stored)}`);
      const change = run.report?.entries[0]?.changes.find((c) => c.field === "password");
      expect.that(change?.after === "***", `report shows password as ${JSON.stringify(change?.after)}`);
      expect.that(run.summary.includes("password: \"\\*\\*\\*\"") || run.summary.includes('password: "\\*\\*\\*"') || /password: .{0,6}\*\*\*/.test(run.summary), "the summary masks the password");
      expect.that(run.summary.includes("Cookie: chocolate-chip") && run.report?.entries[0]?.changes.some((c) => c.after === "Cookie: chocolate-chip") === true, "the job title is shown as written");
      const both = { ...run, text: `${refused.text}\n${run.text}`, ms: refused.ms + run.ms };
      return resultOf(both, [...env.secrets, password], expect, "refused without the opt-in; with it, written and masked; the job title shown as written");
    } finally {
      await env.close();
    }
  },
};

export const HOSTILE_CASES: HostileCase[] = [catastrophicPattern, urlSecrets, aliasBomb, brokenFilesWithSecrets, hostileErrorText, unreachable, crowd, oversized, endlessPaging, idsAreData, writesThatDoNotStick, mappingSafety];
