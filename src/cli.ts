#!/usr/bin/env node
import { runCli } from "./cli/run.js";

// exitCode, not process.exit(): a large --json report piped to another program must be flushed first.
process.exitCode = await runCli(process.argv.slice(2), { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
