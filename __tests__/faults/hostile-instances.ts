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
import { action, admin, emulators, resultOf } from "./hostile-cases.js";
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

export const INSTANCE_CASES: HostileCase[] = [absurdTotal, secretFileAsMapping, hostileNotify];
