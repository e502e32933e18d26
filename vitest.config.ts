import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["__tests__/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // One temporary root for the whole run, removed at its end (__tests__/support/temp.ts).
    globalSetup: ["__tests__/support/global-temp.ts"],
    // parseSettings needs the YAML parser loaded first when a mapping or filter is given.
    setupFiles: ["__tests__/support/parsers-loaded.ts"],
    // .ci/run reads the totals from this file to print its closing line.
    reporters: process.env.VITEST_JSON ? ["default", "json"] : ["default"],
    outputFile: process.env.VITEST_JSON ? { json: process.env.VITEST_JSON } : undefined,
  },
});
