import { HttpClient, HttpError, parseJson, summariseErrorBody, unreachableHint, withHint } from "../http/index.js";
import { asInputName, type SettingName } from "../sync/decisions.js";
import type { Admin, InvalidAdmin } from "../sync/records.js";
import { adminList, cleanAdmins } from "./schema.js";

export const INTERCOM_REGIONS = {
  us: "https://api.intercom.io",
  eu: "https://api.eu.intercom.io",
  au: "https://api.au.intercom.io",
} as const;
export type IntercomRegion = keyof typeof INTERCOM_REGIONS;

export interface IntercomClientOptions {
  baseUrl: string;
  token: string;
  version: string;
  /** How settings are named in hints (default: the action's input names). */
  settingName?: SettingName;
}

export class IntercomClient {
  constructor(
    private readonly http: HttpClient,
    private readonly options: IntercomClientOptions,
  ) {}

  private headers(): Record<string, string> {
    return {
      Authorization: `Bearer ${this.options.token}`,
      "Intercom-Version": this.options.version,
      Accept: "application/json",
    };
  }

  /** A GET whose answer must be 200 with a JSON body (the status error names the call and a hint). */
  async getJson(path: string, what: string): Promise<unknown> {
    const result = await this.http.request({ api: "intercom", method: "GET", url: `${this.options.baseUrl}${path}`, headers: this.headers(), idempotent: true, what });
    if (result.status !== 200) throw intercomStatusError(result.status, result.text, what, this.http, this.options.settingName ?? asInputName);
    return parseJson(result, "intercom", what);
  }

  /** Every admin in one call (the list is not paginated), cleaned and validated. */
  async listAdmins(): Promise<{ admins: Admin[]; invalid: InvalidAdmin[] }> {
    const what = "fetching Intercom admins";
    const name = this.options.settingName ?? asInputName;
    const result = await this.http
      .request({ api: "intercom", method: "GET", url: `${this.options.baseUrl}/admins?display_avatar=true`, headers: this.headers(), idempotent: true, what })
      .catch((err: unknown) => {
        throw withHint(err, (code) => unreachableHint(code, `${name("intercom-url")} (or ${name("intercom-region")})`));
      });
    if (result.status !== 200) throw intercomStatusError(result.status, result.text, what, this.http, name);
    const body = parseJson(result, "intercom", what);
    const list = adminList(body);
    if ("problem" in list) {
      throw new HttpError(
        `${what}: Intercom's answer is not an admin list (${list.problem}); nothing was written`,
        "intercom",
        result.status,
        false,
        "bad_shape",
      );
    }
    return cleanAdmins(list.admins);
  }
}

function hint(status: number, name: SettingName): string | undefined {
  switch (status) {
    case 400:
      return `check ${name("intercom-version")} (allowed: 1.0–1.4, 2.0–2.11, Preview)`;
    case 401:
      return `the ${name("intercom-token")} is missing, invalid, revoked or expired, or belongs to another region (check ${name("intercom-region")})`;
    case 403:
      return "the token's app lacks permission to read admins";
    case 404:
      return `check ${name("intercom-url")} / ${name("intercom-region")}`;
    default:
      return undefined;
  }
}

function intercomStatusError(status: number, text: string, what: string, http: HttpClient, name: SettingName): HttpError {
  const advice = hint(status, name);
  return new HttpError(http.redactor.redact(`${what}: Intercom answered ${status}${summariseErrorBody(text)}${advice ? `; ${advice}` : ""}`), "intercom", status, false);
}
