import { validate } from "superstruct";
import { HttpClient, HttpError, parseJson, summariseErrorBody } from "../http.js";
import { AdminListStruct, cleanAdmins, describeStructError, type Admin, type InvalidAdmin } from "./schema.js";

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

  /** Every admin in one call (the list is not paginated), cleaned and validated. */
  async listAdmins(): Promise<{ admins: Admin[]; invalid: InvalidAdmin[] }> {
    const what = "fetching Intercom admins";
    const result = await this.http.request({
      api: "intercom",
      method: "GET",
      url: `${this.options.baseUrl}/admins?display_avatar=true`,
      headers: this.headers(),
      idempotent: true,
      what,
    });
    if (result.status !== 200) throw intercomStatusError(result.status, result.text, what, this.http);
    const body = parseJson(result, "intercom", what);
    const [error, list] = validate(body, AdminListStruct);
    if (error) {
      throw new HttpError(
        `${what}: Intercom's answer is not an admin list (${describeStructError(error)}); nothing was written`,
        "intercom",
        result.status,
        false,
        "bad_shape",
      );
    }
    return cleanAdmins(list.admins);
  }
}

const HINTS: Record<number, string> = {
  400: "check intercom-version (allowed: 1.0–1.4, 2.0–2.11, Preview)",
  401: "the intercom-token is missing, invalid, revoked or expired, or belongs to another region (check intercom-region)",
  403: "the token's app lacks permission to read admins",
  404: "check intercom-url / intercom-region",
};

function intercomStatusError(status: number, text: string, what: string, http: HttpClient): HttpError {
  const hint = HINTS[status] ? `; ${HINTS[status]}` : "";
  return new HttpError(
    http.redactor.redact(`${what}: Intercom answered ${status}${summariseErrorBody(text)}${hint}`),
    "intercom",
    status,
    false,
  );
}
