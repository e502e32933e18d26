import { INPUTS, type InputName } from "../settings/index.js";
import { CLI_FLAGS, INPUT_OPTIONS } from "./options.js";

const MEANING: Record<InputName, string> = {
  mode: "sync, or check (write nothing; see whether a sync would work)",
  "intercom-token": "Intercom access token (required)",
  "intercom-version": "Intercom-Version header: 1.0–1.4, 2.0–2.11, Preview",
  "intercom-region": "us, eu or au",
  "intercom-url": "base URL override (a proxy or an emulator); wins over the region",
  "oomnitza-url": "instance URL, e.g. https://acme.oomnitza.com (required)",
  "oomnitza-token": "API token of the Oomnitza integration user (required)",
  records: "users, or users-and-saas-users",
  preference: "create-and-update, create-only or update-only",
  "sync-key": "Oomnitza user field that identifies a person",
  mapping: "mapping file (YAML/JSON), or the mapping inline as YAML",
  filter: "filter rules inline as YAML",
  "saas-name": "Oomnitza SaaS record for SaaS users",
  "removed-admins": "ignore, report, mark, or unassign (SaaS mode only)",
  "max-removals": "guard: most removals per run, a count or a percentage",
  "dry-run": "plan and report, write nothing",
  "fail-on": "when record failures fail the run: any, none, 3, 5%",
  notify: "GitHub Actions only (failure issue); no effect here",
  "github-token": "GitHub Actions only; no effect here",
  "timeout-minutes": "the sync's own deadline",
  "heartbeat-url": "URL to request after a successful run",
  "request-timeout-seconds": "timeout of each HTTP request",
  "max-attempts": "attempts per request on 429, 5xx and network errors",
  "write-concurrency": "Oomnitza writes in flight at first",
  "max-write-concurrency": "most writes in flight; grows to it while answers stay fast",
  "activity-days": "days of Intercom's activity log read for last logins and removals",
  "idle-days": "an inbox seat without a login for this many days (or unknown) is idle",
};

function column(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => "  " + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] as number))).join("  ").trimEnd()).join("\n");
}

export function helpText(version: string): string {
  const settings = INPUT_OPTIONS.map((o) => {
    const flag = o.flag ? (o.boolean ? o.flag : `${o.flag} VALUE`) : "(no flag: token)";
    const fallback = INPUTS[o.input].default;
    return [flag, o.env, MEANING[o.input] + (fallback && !o.boolean ? ` [${fallback}]` : "")];
  });
  const own = Object.values(CLI_FLAGS).map((f) => ["value" in f ? `${f.flag} ${f.value}` : f.flag, f.help]);
  return `intercom-oomnitza-sync ${version}
Keep Intercom teammates (admins) in Oomnitza as people: the GitHub Action's sync, run locally.

Usage:
  intercom-oomnitza-sync [flags]          sync (the default)
  intercom-oomnitza-sync check [flags]    write nothing: check that a sync would work
                                          (tokens, read parameters, fields, SaaS record,
                                          what a sync would do now); exit 0 ready, 1 not

Settings (flag, environment variable, meaning [default]):
${column(settings)}

Where settings come from, first found wins:
  1. flags   2. environment variables   3. the --config file   4. defaults
Tokens are read only from the environment or the config file: a token on the command
line would be kept in shell history and shown in process lists, so it is refused.

Run flags:
${column(own)}

Config file (YAML, the action's input names as keys; chmod 600 when it holds tokens):
  oomnitza-url: https://acme.oomnitza.com
  oomnitza-token: …
  records: users-and-saas-users
  mapping: mapping.yml          # relative to the config file

Exit status:
  0  success or dry run (also "partial" when --fail-on allows the failures)
  1  the run failed, a guard aborted it, or record failures reached --fail-on
  2  a usage error: unknown flag, token as a flag, bad config file or settings;
     nothing was read or written

Examples:
  export INTERCOM_TOKEN=… OOMNITZA_TOKEN=… OOMNITZA_URL=https://acme.oomnitza.com
  intercom-oomnitza-sync check                     # is this instance ready?
  intercom-oomnitza-sync --dry-run                 # see what would change
  intercom-oomnitza-sync                           # sync everyone
  intercom-oomnitza-sync --only ada@example.com    # sync one person
  intercom-oomnitza-sync --config /etc/intercom-oomnitza-sync.yml --quiet   # from cron
  intercom-oomnitza-sync --json > report.json      # the JSON report, logs on stderr

Colour only on a terminal, never with NO_COLOR set.
`;
}
