/** Flags of `npm run emulators`; parsing is kept apart so it can be tested without sockets. */
export interface CliOptions {
  admins?: number;
  users?: number;
  seed: number;
  intercomPort: number;
  oomnitzaPort: number;
  host: string;
  latency?: { fixedMs: number; jitterMs: number };
  maxPageSize?: number;
  /** Oomnitza answers 429 to a write when this many are in flight already. */
  maxWritesInFlight?: number;
  checkboxAsString: boolean;
  /** The Oomnitza emulator's profile (default "friendly"). */
  profile: "friendly" | "strict";
  json: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run emulators -- [options]

Starts the Intercom (API 2.11 admins) and Oomnitza (API v3 users/SaaS) emulators on
loopback and prints their URLs and tokens. Stops on Ctrl+C (SIGINT) or SIGTERM.

Data (default: the demo dataset, about 40 admins and 300 people):
  --admins N             generate N Intercom admins instead
  --users M              generate M Oomnitza people instead (half the admins among them)
  --seed S               seed for generated data, ids and jitter (default 1)
Network:
  --intercom-port P      Intercom port (default 0 = a free port)
  --oomnitza-port P      Oomnitza port (default 0 = a free port)
  --host H               address to listen on (default 127.0.0.1)
Behaviour:
  --latency MS[:JITTER]  delay every answer by MS ms plus up to JITTER ms (seeded)
  --max-page-size N      Oomnitza returns at most N users per page (default 1000)
  --max-writes-in-flight K
                         Oomnitza answers 429 to a write while K writes are in flight
  --checkbox-as-string   Oomnitza returns checkboxes as "1"/"0"
  --profile P            Oomnitza profile: friendly (default) or strict (CSRF on writes,
                         no stable order, 200 rows a page, role required, position a
                         dropdown, minimal SaaS answers; see docs/emulators.md)
Output:
  --json                 print one line {"intercom":{"url","token"},"oomnitza":{"url","token"}}
  --help                 show this text
`;

export class UsageError extends Error {}

function int(flag: string, raw: string | undefined, min: number): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < min) throw new UsageError(`${flag} needs a whole number of at least ${min}, got ${raw === undefined ? "nothing" : JSON.stringify(raw)}`);
  return Number(raw);
}

export function parseCliArgs(argv: string[]): CliOptions {
  const o: CliOptions = { seed: 1, intercomPort: 0, oomnitzaPort: 0, host: "127.0.0.1", checkboxAsString: false, profile: "friendly", json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--admins":
        o.admins = int(flag, value(), 0);
        break;
      case "--users":
        o.users = int(flag, value(), 0);
        break;
      case "--seed":
        o.seed = int(flag, value(), 0);
        break;
      case "--intercom-port":
        o.intercomPort = int(flag, value(), 0);
        break;
      case "--oomnitza-port":
        o.oomnitzaPort = int(flag, value(), 0);
        break;
      case "--host": {
        const h = value();
        if (!h) throw new UsageError("--host needs an address");
        o.host = h;
        break;
      }
      case "--latency": {
        const raw = value();
        const m = raw === undefined ? null : /^(\d+)(?::(\d+))?$/.exec(raw);
        if (!m) throw new UsageError(`--latency needs MS or MS:JITTER in milliseconds, got ${JSON.stringify(raw ?? "")}`);
        o.latency = { fixedMs: Number(m[1]), jitterMs: Number(m[2] ?? 0) };
        break;
      }
      case "--max-page-size":
        o.maxPageSize = int(flag, value(), 1);
        break;
      case "--max-writes-in-flight":
        o.maxWritesInFlight = int(flag, value(), 1);
        break;
      case "--checkbox-as-string":
        o.checkboxAsString = true;
        break;
      case "--profile": {
        const p = value();
        if (p !== "friendly" && p !== "strict") throw new UsageError(`--profile needs friendly or strict, got ${JSON.stringify(p ?? "")}`);
        o.profile = p;
        break;
      }
      case "--json":
        o.json = true;
        break;
      case "--help":
      case "-h":
        o.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(arg)} (see --help)`);
    }
  }
  return o;
}
