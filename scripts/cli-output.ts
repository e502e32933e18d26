/**
 * The "real output" blocks of docs/cli.md, made from the real thing: the built
 * `dist/cli/index.js` run twice against the emulators with the demo data, then made
 * stable (ports, times, durations and generated ids are set to fixed values; long
 * change lists shortened where marked …). `npm run docs:cli` writes them into the
 * document; `__tests__/e2e/cli-docs.test.ts` fails when the document has drifted.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { demoDataset, startIntercomEmulator, startOomnitzaEmulator } from "../emulators/index.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CLI_DOC = path.join(ROOT, "docs", "cli.md");
const BUNDLE = path.join(ROOT, "dist", "cli", "index.js");

function run(env: Record<string, string>): Promise<{ code: number; text: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BUNDLE], { env: { PATH: process.env.PATH ?? "", ...env }, encoding: "utf8" }, (err, stdout, stderr) => {
      resolve({ code: typeof err?.code === "number" ? err.code : 0, text: stderr + stdout });
    });
  });
}

/** Stable text: fixed ports, times, durations and ids in place of those that differ on every run. */
function stable(text: string, ports: Map<string, string>): string {
  let out = text;
  for (const [real, fixed] of ports) out = out.split(real).join(fixed);
  return out
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g, "2026-11-26T21:20:28Z")
    .replace(/\b[0-9a-f]{32}\b/g, (id) => `${id.slice(0, 8)}…`)
    .replace(/^( {2})\d+(?:\.\d+)? (ms|s|min)(, \d+ API calls)/gm, "$1129 ms$3")
    // How far the write limit grows depends on how fast the machine answers.
    .replace(/\d+ in flight at most/g, "4 in flight at most");
}

/** Keeps the first update and the first create of the change list; the rest of each become one "… N more" line. */
function shorten(text: string): string {
  const lines = text.split("\n");
  const out: string[] = [];
  const seen = { "~": 0, "+": 0 };
  const words = { "~": "updates", "+": "creates" };
  let skipping: "~" | "+" | undefined;
  const flush = () => {
    if (skipping && seen[skipping] > 1) out.push(`  … ${seen[skipping] - 1} more ${words[skipping]} …`);
  };
  for (const line of lines) {
    const start = /^ {2}([~+]) /.exec(line)?.[1] as "~" | "+" | undefined;
    if (start) {
      if (start !== skipping) flush();
      if (start !== skipping) seen[start] = 0;
      skipping = start;
      seen[start]++;
      if (seen[start] === 1) out.push(line);
      continue;
    }
    if (skipping && /^ {6}/.test(line)) {
      if (seen[skipping] === 1) out.push(line);
      continue;
    }
    flush();
    skipping = undefined;
    out.push(line);
  }
  return out.join("\n");
}

/** The two blocks: a first run, and a second that changes nothing. */
export async function cliOutputBlocks(): Promise<{ first: string; second: string }> {
  const { admins, users } = demoDataset();
  const intercom = await startIntercomEmulator({ admins });
  const oomnitza = await startOomnitzaEmulator({ users });
  try {
    // A history file of its own: the first run has no trend yet, the second draws one.
    const state = mkdtempSync(path.join(os.tmpdir(), "ios-cli-docs-"));
    const env = { INTERCOM_TOKEN: intercom.token, INTERCOM_URL: intercom.url, OOMNITZA_URL: oomnitza.url, OOMNITZA_TOKEN: oomnitza.token, IOS_HISTORY: path.join(state, "history.jsonl") };
    const ports = new Map([[new URL(intercom.url).host, "127.0.0.1:46753"], [new URL(oomnitza.url).host, "127.0.0.1:36187"]]);
    const first = await run(env);
    const second = await run(env);
    const block = (command: string, result: { code: number; text: string }) => `$ ${command}\n${shorten(stable(result.text.trimEnd(), ports))}\n\n(exit status ${result.code})`;
    rmSync(state, { recursive: true, force: true });
    return { first: block("intercom-oomnitza-sync", first), second: block("intercom-oomnitza-sync    # again: nothing changes", second) };
  } finally {
    await intercom.close();
    await oomnitza.close();
  }
}



/** The document with its two marked blocks replaced. */
export function withBlocks(doc: string, blocks: { first: string; second: string }): string {
  let out = doc;
  for (const [name, text] of Object.entries(blocks)) {
    const pattern = new RegExp(`(<!-- cli-output:${name} -->\\n\`\`\`text\\n)[\\s\\S]*?(\\n\`\`\`\\n<!-- /cli-output -->)`);
    if (!pattern.test(out)) throw new Error(`docs/cli.md has no <!-- cli-output:${name} --> block`);
    out = out.replace(pattern, (_m, open: string, close: string) => `${open}${text}${close}`);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const doc = readFileSync(CLI_DOC, "utf8");
  writeFileSync(CLI_DOC, withBlocks(doc, await cliOutputBlocks()));
  console.log("docs/cli.md: the real-output blocks are written from dist/cli/index.js");
}
