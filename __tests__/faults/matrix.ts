/**
 * The fault-injection matrix of issue 5: every fault the emulators can produce,
 * injected at every phase of a sync, then a second run without faults. Shared by the
 * quick subset in `npm test` and the full `npm run test:faults`.
 */
import type { Fault } from "../../emulators/index.js";
import { startIntercomEmulator, type IntercomAdmin } from "../../emulators/index.js";
import { startOomnitzaEmulator, type OomnitzaEmulator, type OomnitzaProfile } from "../../emulators/index.js";
import { Redactor } from "../../src/redact.js";
import type { Report } from "../../src/report/model.js";
import { renderSummary } from "../../src/report/summary.js";
import { loadParsers, parseSettings } from "../../src/settings/index.js";
import { runSync } from "../../src/engine/run.js";

export interface Phase {
  name: string;
  api: "intercom" | "oomnitza";
  route: string;
  write: boolean;
}

export const PHASES: Phase[] = [
  { name: "fetch admins", api: "intercom", route: "GET /admins", write: false },
  { name: "read users", api: "oomnitza", route: "GET /api/v3/users", write: false },
  { name: "create", api: "oomnitza", route: "POST /api/v3/users", write: true },
  { name: "update", api: "oomnitza", route: "PATCH /api/v3/users/:id", write: true },
  { name: "SaaS read", api: "oomnitza", route: "GET /api/v3/saas", write: false },
  { name: "SaaS assign", api: "oomnitza", route: "POST /api/v3/saas/:id/users", write: true },
  { name: "SaaS external id", api: "oomnitza", route: "POST /api/v3/saas/:id/users/:user_id", write: true },
];

export interface FaultCase {
  name: string;
  fault: Fault;
  afterApply?: boolean;
  /** How many calls in a row fail: 1 (transient) or more than the run makes (persistent). */
  times: number;
}

const MAX_ATTEMPTS = 3;
const PERSISTENT = 24;

const BASE_FAULTS: Array<[string, Fault]> = [
  ["429 Retry-After", { status: 429, retryAfter: 1 }],
  ["429 X-RateLimit-Reset", { status: 429, rateLimitReset: true }],
  ["429 no headers", { status: 429 }],
  ["500", { status: 500 }],
  ["502", { status: 502 }],
  ["503", { status: 503 }],
  ["504", { status: 504 }],
  ["reset", "reset"],
  ["hang", "hang"],
  ["malformed JSON", "malformed-json"],
  ["truncated JSON", "truncated-json"],
  ["wrong shape", "wrong-shape"],
  ["401 mid-run", { status: 401 }],
];

/** Transient and persistent forms of every fault, plus "the server acted, then the answer was lost" for writes. */
export function faultCases(phase: Phase): FaultCase[] {
  const cases: FaultCase[] = [];
  for (const [name, fault] of BASE_FAULTS) {
    cases.push({ name, fault, times: 1 });
    // Enough failures in a row that every attempt of every request on the route fails.
    if (fault !== "hang" || phase.write) cases.push({ name: `${name} (persistent)`, fault, times: PERSISTENT });
  }
  if (phase.write) {
    for (const [name, fault] of [["500", { status: 500 }], ["reset", "reset"], ["hang", "hang"]] as Array<[string, Fault]>) {
      cases.push({ name: `${name} after apply`, fault, afterApply: true, times: 1 });
    }
  }
  return cases;
}

function admin(id: string, email: string, name: string, title: string): IntercomAdmin {
  return { type: "admin", id, name, email, job_title: title, away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: true, team_ids: [1], team_priority_level: { primary_team_ids: [1] } };
}

/** Both Oomnitza profiles: the friendly one and the strictest the evidence allows. */
export const PROFILES: OomnitzaProfile[] = ["friendly", "strict"];

/** Six admins: new people, a stale one (update), an up-to-date one, and SaaS users to assign and to correct. */
function dataset(profile: OomnitzaProfile) {
  const admins = [
    admin("101", "ada@example.com", "Ada Lovelace", "Engineer"),
    admin("102", "Grace@Example.com", "Grace Hopper", "Admiral"),
    admin("103", "alan@example.com", "Alan Turing", "Researcher"),
    admin("104", "kat@example.com", "Katherine Johnson", "Mathematician"),
    admin("105", "edsger@example.com", "Edsger Dijkstra", "Professor"),
    admin("106", "barbara@example.com", "Barbara Liskov", "Professor"),
  ];
  const users = [
    { username: "grace@example.com", email: "grace@example.com", first_name: "Grace", last_name: "Hopper", position: "Captain" },
    { username: "alan@example.com", email: "alan@example.com", first_name: "Alan", last_name: "Turing", position: "Researcher", intercom_id: "103" },
    ...Array.from({ length: 9 }, (_, i) => ({ username: `other${i}@example.net`, email: `other${i}@example.net`, first_name: "Other", last_name: String(i) })),
  ];
  return {
    admins,
    oomnitza: {
      profile,
      users,
      maxPageSize: 4,
      saas: [{ saas_name: "Intercom" }],
      saasUsers: [
        { saas_name: "Intercom", username: "alan@example.com", user_external_id: "wrong" },
        { saas_name: "Intercom", username: "grace@example.com", user_external_id: "102" },
      ],
    },
  };
}

const INPUTS = { records: "users-and-saas-users", "request-timeout-seconds": "1", "max-attempts": String(MAX_ATTEMPTS), "write-concurrency": "2", "max-write-concurrency": "2" };
/** A strict instance requires a role on create: the mapping gives one. */
const STRICT_INPUTS = { ...INPUTS, mapping: "extends: default\nallow-access-fields: [role]\nfields:\n  role: { value: 2, on: create }\n" };

/** What Oomnitza holds, without ids, timestamps and the sync time (those differ run to run). */
function snapshot(oomnitza: OomnitzaEmulator): string {
  const volatile = new Set(["user_id", "creation_date", "change_date", "intercom_sync_time", "created_by", "changed_by"]);
  const people = [...oomnitza.users.values()]
    .map((user) => JSON.stringify(Object.fromEntries(Object.entries(user).filter(([k]) => !volatile.has(k)).sort(([a], [b]) => a.localeCompare(b)))))
    .sort();
  const saas = [...oomnitza.saas.records.values()].map((record) => ({
    name: record.saas_name,
    users: [...(oomnitza.saas.assignments.get(record.saas_id)?.values() ?? [])].map((a) => `${oomnitza.users.get(a.user_id)?.username}=${a.user_external_id}`).sort(),
  }));
  return JSON.stringify({ people, saas });
}

export interface CaseResult {
  profile: OomnitzaProfile;
  phase: string;
  fault: string;
  firstStatus: Report["status"];
  firstReason?: string;
  /** Succeeded, or failed with a one-line message and no stack trace. */
  clean: boolean;
  converged: boolean;
  duplicates: number;
  leaks: number;
  ms: number;
}

async function syncOnce(profile: OomnitzaProfile, intercomUrl: string, intercomToken: string, oomnitzaUrl: string, oomnitzaToken: string) {
  const logs: string[] = [];
  const inputs = profile === "strict" ? STRICT_INPUTS : INPUTS;
  await loadParsers();
  const settings = parseSettings({ "intercom-token": intercomToken, "intercom-url": intercomUrl, "oomnitza-url": oomnitzaUrl, "oomnitza-token": oomnitzaToken, ...inputs }, { cwd: process.cwd() });
  const redactor = new Redactor();
  redactor.add(intercomToken);
  redactor.add(oomnitzaToken);
  const report = await runSync(settings, { redactor, retryBaseDelayMs: 5, log: { info: (m) => logs.push(m), warn: (m) => logs.push(m) } });
  return { report, text: [JSON.stringify(report), renderSummary(report), ...logs].join("\n") };
}

const expectedState = new Map<OomnitzaProfile, string>();

/** The state a fault-free sync of the dataset ends in. */
export async function expected(profile: OomnitzaProfile): Promise<string> {
  const known = expectedState.get(profile);
  if (known) return known;
  const data = dataset(profile);
  const intercom = await startIntercomEmulator({ admins: data.admins, activityLogs: [] });
  const oomnitza = await startOomnitzaEmulator(data.oomnitza);
  try {
    const { report } = await syncOnce(profile, intercom.url, intercom.token, oomnitza.url, oomnitza.token);
    if (report.status !== "success") throw new Error(`the fault-free sync did not succeed: ${report.reason}`);
    expectedState.set(profile, snapshot(oomnitza));
    return snapshot(oomnitza);
  } finally {
    await intercom.close();
    await oomnitza.close();
  }
}

export async function runCase(phase: Phase, fault: FaultCase, profile: OomnitzaProfile = "friendly"): Promise<CaseResult> {
  const want = await expected(profile);
  const data = dataset(profile);
  const intercom = await startIntercomEmulator({ admins: data.admins, activityLogs: [] });
  const oomnitza = await startOomnitzaEmulator(data.oomnitza);
  const started = Date.now();
  try {
    for (const emulator of [intercom, oomnitza]) emulator.controls.echoRequestHeadersInErrors = true;
    const target = phase.api === "intercom" ? intercom : oomnitza;
    target.controls.failNext(phase.route, fault.times, fault.fault, { afterApply: fault.afterApply ?? false });
    const first = await syncOnce(profile, intercom.url, intercom.token, oomnitza.url, oomnitza.token);

    for (const emulator of [intercom, oomnitza]) {
      emulator.controls.reset();
      emulator.controls.echoRequestHeadersInErrors = true;
    }
    const second = await syncOnce(profile, intercom.url, intercom.token, oomnitza.url, oomnitza.token);

    const reason = first.report.reason ?? "";
    const clean = first.report.status === "success" || (reason.trim() !== "" && !reason.includes("\n") && !/\n\s+at /.test(reason) && !reason.includes("[object Object]"));
    const emails = [...oomnitza.users.values()].map((u) => String(u.email ?? "").trim().toLowerCase());
    const duplicates = emails.length - new Set(emails).size;
    const leaks = [first.text, second.text].filter((text) => text.includes(intercom.token) || text.includes(oomnitza.token)).length;
    return {
      profile,
      phase: phase.name,
      fault: fault.name,
      firstStatus: first.report.status,
      firstReason: first.report.reason,
      clean,
      converged: second.report.status === "success" && snapshot(oomnitza) === want,
      duplicates,
      leaks,
      ms: Date.now() - started,
    };
  } finally {
    await intercom.close();
    await oomnitza.close();
  }
}

export function table(results: CaseResult[]): string {
  const sum = (f: (r: CaseResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const converged = sum((r) => (r.converged ? 1 : 0));
  const lines = [
    "| faults injected | runs | clean outcomes | converged | duplicates | leaked secrets |",
    "|---|---|---|---|---|---|",
    `| ${results.length} | ${results.length * 2} | ${sum((r) => (r.clean ? 1 : 0))} / ${results.length} | ${converged} / ${results.length} (${results.length ? Math.round((converged / results.length) * 100) : 0}%) | ${sum((r) => r.duplicates)} | ${sum((r) => r.leaks)} |`,
  ];
  return lines.join("\n");
}
