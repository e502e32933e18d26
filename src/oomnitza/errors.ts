import { HttpError, summariseErrorBody } from "../http/index.js";

/**
 * A refusal from Oomnitza, with the field names its body points at: `errors` items'
 * `field`, or a name in quotes in a message ("Field 'position' …"). The sync uses them
 * to tell which field of a write was refused, and which read parameter.
 */
export class OomnitzaError extends HttpError {
  constructor(
    message: string,
    status: number,
    /** Names the error body points at, in the order given. */
    readonly fields: string[],
  ) {
    super(message, "oomnitza", status, false);
    this.name = "OomnitzaError";
  }
}

const QUOTED_NAME = /['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]/g;

/** Field names an error body points at (deduplicated, in order). */
export function namedFields(text: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  const names: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string") for (const match of value.matchAll(QUOTED_NAME)) names.push(match[1] as string);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      const item = value as Record<string, unknown>;
      if (typeof item.field === "string" && item.field) names.push(item.field);
      visit(item.message);
    }
  };
  if (body && typeof body === "object") {
    const obj = body as Record<string, unknown>;
    visit(obj.errors);
    visit(obj.error);
    visit(obj.message);
  }
  return [...new Set(names)];
}

export function oomnitzaError(what: string, status: number, text: string, hint: string | undefined): OomnitzaError {
  return new OomnitzaError(`${what}: Oomnitza answered ${status}${summariseErrorBody(text)}${hint ? `; ${hint}` : ""}`, status, namedFields(text));
}
