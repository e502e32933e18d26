import { tempDir } from "../support/temp.js";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { demoDataset } from "../../emulators/index.js";
import { startIntercomEmulator } from "../../emulators/index.js";
import { startOomnitzaEmulator } from "../../emulators/index.js";
import { ROOT } from "../support/run-bundle.js";
import { runCommand } from "../support/run-cli.js";

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

/**
 * What a user gets: the tarball npm would publish, installed into an empty folder.
 * Proves the bin entry, the shebang and that the bundle needs nothing from the
 * source tree or from dependencies (the package declares none).
 */
describe("the package as installed from npm pack", () => {
  it("installs into an empty folder; npx intercom-oomnitza-sync --help works and a sync succeeds", async () => {
    const work = tempDir("ios-pack-");
    const pack = await runCommand("npm", ["pack", "--pack-destination", work, "--ignore-scripts", "--silent"], {}, ROOT);
    expect(pack.code, pack.stderr).toBe(0);
    const tarball = readdirSync(work).find((file) => file.endsWith(".tgz"));
    expect(tarball).toBeDefined();

    const app = path.join(work, "app");
    mkdirSync(app);
    // Its own package.json, so npm does not go looking for a project further up.
    writeFileSync(path.join(app, "package.json"), '{ "private": true }\n');
    const install = await runCommand("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", path.join(work, tarball as string)], {}, app);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toMatch(/added 1 package/);
    expect(readdirSync(path.join(app, "node_modules")).filter((name) => !name.startsWith(".")).sort()).toEqual(["intercom-oomnitza-sync"]);

    const help = await runCommand("npx", ["intercom-oomnitza-sync", "--help"], {}, app);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^intercom-oomnitza-sync \d+\.\d+\.\d+/);
    expect(help.stdout).toContain("OOMNITZA_TOKEN");

    const { admins, users } = demoDataset();
    const intercom = await startIntercomEmulator({ admins });
    const oomnitza = await startOomnitzaEmulator({ users });
    closers.push(() => intercom.close(), () => oomnitza.close());
    const env = { INTERCOM_TOKEN: intercom.token, INTERCOM_URL: intercom.url, OOMNITZA_URL: oomnitza.url, OOMNITZA_TOKEN: oomnitza.token };
    const sync = await runCommand("npx", ["intercom-oomnitza-sync", "--json"], env, app);
    expect(sync.code, sync.stderr).toBe(0);
    const report = JSON.parse(sync.stdout);
    expect(report.status).toBe("success");
    expect(report.counts.created).toBeGreaterThan(0);
    expect(oomnitza.log.writes().length).toBe(report.counts.created + report.counts.updated);
  }, 180_000);
});
