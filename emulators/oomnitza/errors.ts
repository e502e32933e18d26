import type { IncomingHttpHeaders } from "node:http";
import type { ApiResponse } from "../kit/types.js";

/**
 * Oomnitza's error bodies. The facts file allows three forms, and the emulator uses all
 * of them so a client has to cope with each: `{"errors":[{field,message}]}` for
 * validation, `{"errors":["…"]}` for missing records and bad filters, and
 * `{"error":"…","message":"…"}` for auth and server trouble.
 */
export class OomnitzaErrors {
  constructor(private readonly echoHeaders: () => boolean) {}

  private finish(status: number, body: Record<string, unknown>, req: { headers: IncomingHttpHeaders }, headers?: Record<string, string | number>): ApiResponse {
    if (this.echoHeaders()) {
      // A careless server (or proxy) repeating the request back, token and all.
      body.request_headers = req.headers;
      if (typeof body.message === "string") body.message += ` (request headers: ${JSON.stringify(req.headers)})`;
    }
    return { status, body, headers };
  }

  field(status: number, field: string, message: string, req: { headers: IncomingHttpHeaders }): ApiResponse {
    return this.finish(status, { errors: [{ field, message }] }, req);
  }

  /** Several validation errors at once, e.g. every missing required field. */
  fields(status: number, items: Array<{ field: string; message: string }>, req: { headers: IncomingHttpHeaders }): ApiResponse {
    return this.finish(status, { errors: items.map((i) => ({ ...i })) }, req);
  }

  list(status: number, message: string, req: { headers: IncomingHttpHeaders }): ApiResponse {
    const body: Record<string, unknown> = { errors: [message] };
    if (this.echoHeaders()) body.message = message;
    return this.finish(status, body, req);
  }

  plain(status: number, error: string, message: string, req: { headers: IncomingHttpHeaders }, headers?: Record<string, string | number>): ApiResponse {
    return this.finish(status, { error, message }, req, headers);
  }
}
