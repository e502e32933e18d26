import type { IncomingHttpHeaders } from "node:http";
import type { ApiResponse } from "../kit/types.js";

/** Builds Intercom's error answers: `{"type":"error.list","request_id":…,"errors":[{code,message}]}`. */
export class IntercomErrors {
  constructor(
    private readonly nextRequestId: () => string,
    private readonly echoHeaders: () => boolean,
  ) {}

  error(status: number, code: string, message: string, req: { headers: IncomingHttpHeaders }, extra: { field?: string; headers?: Record<string, string | number> } = {}): ApiResponse {
    const text = this.echoHeaders() ? `${message} (request headers: ${JSON.stringify(req.headers)})` : message;
    const item: Record<string, string> = { code, message: text };
    if (extra.field) item.field = extra.field;
    return {
      status,
      headers: extra.headers,
      body: { type: "error.list", request_id: this.nextRequestId(), errors: [item] },
    };
  }
}
