import { HttpClient, unreachableHint, withHint, type HttpResult, type RequestSpec } from "../http/index.js";
import { asInputName, type SettingName } from "../sync/decisions.js";
import { oomnitzaError, OomnitzaError } from "./errors.js";

export interface OomnitzaClientOptions {
  baseUrl: string;
  token: string;
  /** Rows asked for per page at first (the server may return fewer, or refuse). */
  pageSize?: number;
  /** Pages read at once once the total is known. */
  readConcurrency?: number;
  /** How settings are named in hints (default: the action's input names). */
  settingName?: SettingName;
}

/** How the users were read: the parameters the instance took, and whether the read is proven complete. */

/**
 * The transport to one Oomnitza instance: the token, the CSRF token the connection
 * check hands out, and errors that name the call and what to check.
 */
export class OomnitzaApi {
  protected readonly hints: Record<number, string>;
  /** What to check when the instance cannot be reached (a misspelt host, a refused port). */
  protected readonly unreachable: (code: string | undefined) => string | undefined;
  /** Sent back on every request once the connection check's answer carried one. */
  private csrfToken?: string;
  /** Once the connection check passed, a 404 is about one endpoint, not a wrong instance URL. */
  private connected = false;

  constructor(
    protected readonly http: HttpClient,
    protected readonly options: OomnitzaClientOptions,
  ) {
    const name = options.settingName ?? asInputName;
    this.unreachable = (code) => unreachableHint(code, name("oomnitza-url"));
    this.hints = {
      401: `the ${name("oomnitza-token")} is missing or not valid for this instance`,
      403: `the integration user behind ${name("oomnitza-token")} lacks permission for this call (check its role)`,
      404: `check ${name("oomnitza-url")} (the instance URL, e.g. https://acme.oomnitza.com)`,
    };
  }

  protected async call(spec: Omit<RequestSpec, "api" | "headers" | "url"> & { path: string }): Promise<HttpResult> {
    const headers: Record<string, string> = { Authorization2: this.options.token, Accept: "application/json" };
    if (this.csrfToken) headers["X-CSRF-Token"] = this.csrfToken;
    const result = await this.http.request({ ...spec, api: "oomnitza", url: `${this.options.baseUrl}${spec.path}`, headers }).catch((err: unknown) => {
      throw withHint(err, this.unreachable);
    });
    if (result.status < 200 || result.status >= 300) {
      const hint = result.status === 404 && this.connected ? undefined : this.hints[result.status];
      const error = oomnitzaError(spec.what, result.status, result.text, hint);
      throw new OomnitzaError(this.http.redactor.redact(error.message), error.status as number, error.fields);
    }
    return result;
  }

  /** Whether the connection check asked for CSRF tokens (what `check` reports). */
  get usesCsrf(): boolean {
    return this.csrfToken !== undefined;
  }

  /**
   * The connection check Oomnitza's own connector makes; any 2xx is success. When the
   * answer carries `X-CSRF-Token`, every later request sends it back, as the connector does.
   */
  async checkConnection(): Promise<void> {
    const result = await this.call({ method: "GET", path: "/api/v2/mappings?name=AuthTest", idempotent: true, what: "checking the Oomnitza connection" });
    this.connected = true;
    const token = result.headers.get("x-csrf-token")?.trim();
    if (token) {
      this.csrfToken = token;
      this.http.redactor.add(token);
    }
  }
}
