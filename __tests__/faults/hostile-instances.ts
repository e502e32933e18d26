/**
 * Instances that answer as the public evidence allows, or worse, but differently from
 * the emulators' usual readings (issue 21): each case runs the bundle as GitHub would
 * and checks that the run ends quickly with a report, a clear reason, and no secret.
 * Run by __tests__/e2e/hostile.test.ts and, for the hostile table, `npm run test:faults`.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { marked } from "marked";
import { tempDir } from "../support/temp.js";
import { demoDataset, type OomnitzaEmulatorOptions } from "../../emulators/index.js";
import { action, admin, emulators, resultOf, type Emulators } from "./hostile-cases.js";
import { Expectations, type HostileCase } from "./hostile.js";

/** What a Markdown text would render as live elements: links, images, HTML, headings past the title. */
function liveElements(markdown: string): string[] {
  const found: string[] = [];
  marked.walkTokens(marked.lexer(markdown), (token) => {
    if (token.type === "link" || token.type === "image" || token.type === "html") found.push(`${token.type}: ${token.raw.slice(0, 60)}`);
    if (token.type === "heading" && !/Intercom → Oomnitza sync/.test(token.raw)) found.push(`heading: ${token.raw.slice(0, 60)}`);
  });
  return found;
}

/** 21.6: an absurd total with endless fresh rows ends the read at once with a failure naming the total. */
const absurdTotal: HostileCase = {
  id: "absurd-total",
  point: "21.6",
  title: "Oomnitza announcing x-total-count: 1000000000 and inventing fresh people on every page",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")], { hostile: { inventUsers: true, inventedTotal: 1_000_000_000 } });
    try {
      const run = await action(env.inputs, { github: true });
      const expect = new Expectations();
      expect.that(run.ms < 60_000, `took ${run.ms} ms`);
      expect.that(run.outputs.status === "failed" && /Oomnitza announced 1,000,000,000 people \(x-total-count\), which no instance holds/.test(run.report?.reason ?? ""), `reason: ${run.report?.reason}`);
      expect.that(run.issues.length === 1 && run.summary.includes("1,000,000,000 people"), "summary and issue say why");
      expect.that(env.oomnitza.log.writes().length === 0, "nothing was written");
      return resultOf(run, env.secrets, expect, `failed at once after ${env.oomnitza.log.count("GET /api/v3/users")} page, reported`);
    } finally {
      await env.close();
    }
  },
};

/** 21.5: a mapping input that names a secret-bearing file (a .env): nothing of its content in the summary, the log or the issue. */
const secretFileAsMapping: HostileCase = {
  id: "mapping-secret-file",
  point: "21.5",
  title: "the mapping input naming a .env file full of tokens",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    const secrets = ["oz_live_Q8v2Lm4Tz9", "sk_live_51HxYzAbCdEf", "hunter2-Passw0rd"];
    try {
      const workspace = tempDir("ios-dotenv-");
      writeFileSync(path.join(workspace, ".env"), `OOMNITZA_TOKEN=${secrets[0]}\nSTRIPE_KEY=${secrets[1]}\n# admin\nPASSWORD="${secrets[2]}"\n`);
      const run = await action({ ...env.inputs, mapping: path.join(workspace, ".env") }, { github: true });
      const expect = new Expectations();
      expect.that(run.code === 1 && run.outputs.status === "failed", `exit ${run.code}, status ${run.outputs.status}`);
      // A .env is either not YAML at all (a line and column, nothing quoted) or YAML that is one long text (named by its size).
      expect.that(/the mapping must be an object with .*got a text of \d+ characters|not valid YAML at line \d+, column \d+/.test(run.summary), `summary: ${run.summary.slice(0, 300)}`);
      expect.that(run.issues.length === 1, "a failure issue was opened");
      expect.that(env.oomnitza.log.count() === 0, "nothing was sent");
      return resultOf(run, [...env.secrets, ...secrets], expect, "settings error naming the kind and size of what came, nothing of it quoted");
    } finally {
      await env.close();
    }
  },
};

/** 21.5: notify values that are Markdown and HTML: shown as inline code, never a live link, image or heading. */
const hostileNotify: HostileCase = {
  id: "notify-markdown",
  point: "21.5",
  title: "notify holding a Markdown link, an image tag and a heading",
  async run() {
    const env = await emulators([admin("1", "ada@example.com", "Ada Lovelace")]);
    try {
      const notify = "[click](https://evil.example/x), <img src=x onerror=alert(1)>, # Heading, ![i](https://evil.example/i.png)";
      const run = await action({ ...env.inputs, notify }, { github: true });
      const expect = new Expectations();
      expect.that(run.code === 1 && run.outputs.status === "failed", `exit ${run.code}, status ${run.outputs.status}`);
      expect.that(/notify: .* is not a GitHub user or team/.test(run.summary), `summary: ${run.summary.slice(0, 300)}`);
      const live = [...liveElements(run.summary), ...run.issues.flatMap(liveElements).filter((e) => !e.startsWith("link: [run "))];
      expect.that(live.length === 0, `live elements: ${live.join("; ")}`);
      expect.that(env.oomnitza.log.count() === 0, "nothing was sent");
      return resultOf(run, env.secrets, expect, "settings error; every value shown as inline code");
    } finally {
      await env.close();
    }
  },
};

/** The demo's admins and people on an instance with `options`, synced twice: what each run did, and the writes of the second. */
async function twice(options: OomnitzaEmulatorOptions, inputs: Record<string, string>, check: (env: Emulators, first: Awaited<ReturnType<typeof action>>, expect: Expectations) => void): Promise<ReturnType<typeof resultOf>> {
  const { admins, users } = demoDataset();
  const env = await emulators(admins, { users, ...options });
  try {
    const first = await action({ ...env.inputs, ...inputs }, { github: true });
    env.oomnitza.log.reset();
    const second = await action({ ...env.inputs, ...inputs }, { github: true });
    const expect = new Expectations();
    expect.that(first.outputs.status === "success", `first run: ${first.outputs.status} (${first.report?.reason})`);
    expect.that(second.outputs.status === "success", `second run: ${second.outputs.status} (${second.report?.reason})`);
    const writes = env.oomnitza.log.writes().map((w) => `${w.method} ${w.route}`);
    expect.that(writes.length === 0, `second run wrote: ${writes.slice(0, 3).join(", ")}`);
    check(env, first, expect);
    const both = { ...second, text: `${first.text}\n${second.text}`, ms: first.ms + second.ms, peakMb: Math.max(first.peakMb, second.peakMb) };
    return resultOf(both, env.secrets, expect, `both runs succeed; the second writes nothing (first: created ${first.outputs.created}, updated ${first.outputs.updated})`);
  } finally {
    await env.close();
  }
}

const SAAS = { records: "users-and-saas-users" };

/** 21.1: no roles endpoints (404): SaaS mode with the default mapping syncs with one warning. */
const noRoles: HostileCase = {
  id: "roles-absent",
  point: "21.1",
  title: "SaaS mode on an Oomnitza without the roles endpoints (404)",
  run: () => twice({ strict: { rolesEndpoints: "absent-404" } }, SAAS, (_env, first, expect) => expect.that(/seat roles were left as they are/.test(first.stdout), "the first run warns that seat roles were not synced")),
};

/** 21.2: the holder filter ignored, on the strict profile (rows show only the first role). */
const holderFilterIgnored: HostileCase = {
  id: "roles-filter-ignored",
  point: "21.2",
  title: "seat roles on a strict Oomnitza that ignores ?roles= (two runs)",
  run: () =>
    twice({ profile: "strict", strict: { roleHolderFilter: "ignore", dropdowns: {} } }, { ...SAAS, mapping: "extends: default\nallow-access-fields: [role]\nfields:\n  role: { value: 2, on: create }\n" }, (env, _first, expect) => {
      const record = [...env.oomnitza.saas.records.values()].find((r) => r.saas_name === "Intercom");
      const counts = [...(env.oomnitza.saas.assignments.get(record?.saas_id as number)?.values() ?? [])].map((a) => (a.role_ids ?? []).length);
      expect.that(counts.length > 0 && counts.every((n) => n === 1), `roles held per SaaS user: ${counts.join(",")}`);
    }),
};

/** 21.3: both list forms of a look-up refused, on a read that is never proven complete. */
const listLookupsRefused: HostileCase = {
  id: "lookups-no-lists",
  point: "21.3",
  title: "look-ups on an Oomnitza refusing IN and or, with pages in a new order every time",
  run: () =>
    twice({ strict: { sortby: "ignore-and-reorder", pageCap: 10, lookupFilters: "no-lists" } }, {}, (env, first, expect) => {
      const emails = [...env.oomnitza.users.values()].map((u) => String(u.email ?? "").toLowerCase()).filter(Boolean);
      expect.that(emails.length - new Set(emails).size <= 1, "no one was created twice (the demo's one ambiguous pair aside)");
      expect.that((first.report?.oomnitzaRead?.lookups?.forms ?? []).includes("one LIKE per value"), `look-up forms: ${first.report?.oomnitzaRead?.lookups?.forms}`);
    }),
};

export const INSTANCE_CASES: HostileCase[] = [absurdTotal, secretFileAsMapping, hostileNotify, noRoles, holderFilterIgnored, listLookupsRefused];
