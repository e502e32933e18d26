import { HttpClient } from "../http/index.js";
import { IntercomClient } from "../intercom/client.js";
import { OomnitzaClient } from "../oomnitza/client.js";
import type { EngineConfig, EngineOptions } from "./config.js";

export interface Apis {
  http: HttpClient;
  intercom: IntercomClient;
  oomnitza: OomnitzaClient;
}

/** One HTTP layer (counting every call) and a client for each API. */
export function connect(config: EngineConfig, options: EngineOptions): Apis {
  const http = new HttpClient({
    timeoutMs: config.requestTimeoutSeconds * 1000,
    retry: { maxAttempts: config.maxAttempts, baseDelayMs: options.retryBaseDelayMs ?? 1000, maxDelayMs: 60_000 },
    redactor: options.redactor,
    // Cancellation stops reads and waits at once (writes in flight get a moment to finish).
    signal: options.signal,
  });
  const settingName = options.settingName;
  return {
    http,
    intercom: new IntercomClient(http, { baseUrl: config.intercomUrl, token: config.intercomToken, version: config.intercomVersion, settingName }),
    oomnitza: new OomnitzaClient(http, { baseUrl: config.oomnitzaUrl, token: config.oomnitzaToken, settingName }),
  };
}
