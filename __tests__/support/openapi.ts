/**
 * Checks emulator answers against the OpenAPI descriptions kept in docs/api (sources
 * nobody here wrote; docs/api/README.md says where each came from). OpenAPI 3.0 schemas are turned into JSON Schema ($refs inlined,
 * `nullable` made explicit) and checked with ajv + ajv-formats.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

export type SpecName = "intercom" | "oomnitza";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SPEC_FILES: Record<SpecName, string> = {
  intercom: resolve(ROOT, "docs/api/intercom-2.11-admins.openapi.json"),
  oomnitza: resolve(ROOT, "docs/api/oomnitza-v3-users-saas.openapi.json"),
};

type Json = Record<string, unknown>;
const specs = new Map<string, Json>();

/**
 * Where the emulator knowingly departs from the description, with the source that says
 * reality does too. Applied unless `strict` is asked for; a test shows each one matters.
 */
export const KNOWN_DEVIATIONS = [
  {
    spec: "intercom" as const,
    schemas: ["admin", "admin_with_app"],
    dropRequired: "job_title",
    why: "intercom-api.md: job_title is marked required but real responses omit it; Intercom's own SDK drops the flag and the description's own examples lack it",
  },
];

function loadSpec(name: SpecName, strict: boolean): Json {
  const key = `${name}:${strict}`;
  let spec = specs.get(key);
  if (!spec) {
    spec = JSON.parse(readFileSync(SPEC_FILES[name], "utf8")) as Json;
    if (!strict) {
      for (const d of KNOWN_DEVIATIONS.filter((x) => x.spec === name)) {
        for (const s of d.schemas) {
          const schema = ((spec.components as Json).schemas as Json)[s] as { required?: string[] };
          schema.required = schema.required?.filter((f) => f !== d.dropRequired);
        }
      }
    }
    specs.set(key, spec);
  }
  return spec;
}

function pointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Json | undefined)?.[part];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node;
}

const DROP = new Set(["example", "examples", "description", "title", "externalDocs", "xml", "deprecated", "discriminator", "readOnly", "writeOnly", "style", "default"]);

/**
 * OpenAPI 3.0 schema → JSON Schema: $refs inlined (these descriptions have no cycles),
 * nullable made explicit, and a property's own `required: true` (Swagger 2 style, as the
 * Oomnitza description's "SaaS roles" has it) read as "the parent requires this property".
 */
export function toJsonSchema(node: unknown, doc: Json, depth = 0): unknown {
  if (depth > 64) throw new Error("schema nesting too deep (a $ref cycle?)");
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, doc, depth + 1));
  if (!node || typeof node !== "object") return node;
  let src = node as Json;
  if (typeof src.$ref === "string") {
    const { $ref, ...siblings } = src;
    src = { ...(pointer(doc, $ref) as Json), ...siblings };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (DROP.has(k) || k.startsWith("x-") || k === "nullable") continue;
    if (k === "required" && typeof v === "boolean") continue; // handled by the parent, below
    if (k === "properties" && v && typeof v === "object") {
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, toJsonSchema(s, doc, depth + 1)]));
    } else if (["items", "additionalProperties", "not"].includes(k) || ["allOf", "anyOf", "oneOf"].includes(k)) {
      out[k] = toJsonSchema(v, doc, depth + 1);
    } else {
      out[k] = v;
    }
  }
  const props = src.properties && typeof src.properties === "object" ? Object.entries(src.properties as Json) : [];
  const flagged = props.filter(([, s]) => (s as Json | undefined)?.required === true).map(([p]) => p);
  if (flagged.length > 0) out.required = [...new Set([...(Array.isArray(src.required) ? (src.required as string[]) : []), ...flagged])];
  if (src.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (out.type === undefined) return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

/**
 * Oomnitza's description declares no error answers; oomnitza-api.md does: an `errors`
 * list (strings, or objects with field/message) or an `error`/`message` string.
 */
const OOMNITZA_ERROR_SCHEMA = {
  type: "object",
  anyOf: [
    { required: ["errors"], properties: { errors: { type: "array", minItems: 1, items: { anyOf: [{ type: "string" }, { type: "object", required: ["message"], properties: { field: { type: "string" }, message: { type: "string" } } }] } } } },
    { required: ["error"], properties: { error: { type: "string" }, message: { type: "string" } } },
  ],
};

const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
const compiled = new Map<string, { validate: ValidateFunction; from: string } | null>();

export interface Validation {
  valid: boolean;
  /** ajv's complaints, as "path: message". */
  errors: string[];
  /** Which schema was used ("paths./admins.get.responses.200", "components/schemas/error", …). */
  from: string;
}

function findSchema(name: SpecName, method: string, pathTemplate: string, status: number, strict: boolean): { schema: unknown; from: string } | null {
  const doc = loadSpec(name, strict);
  const op = ((doc.paths as Json)[pathTemplate] as Json | undefined)?.[method.toLowerCase()] as Json | undefined;
  let response = (op?.responses as Json | undefined)?.[String(status)] as Json | undefined;
  if (response) {
    if (typeof response.$ref === "string") response = pointer(doc, response.$ref) as Json;
    const schema = ((response.content as Json | undefined)?.["application/json"] as Json | undefined)?.schema;
    if (schema) return { schema: toJsonSchema(schema, doc), from: `paths.${pathTemplate}.${method.toLowerCase()}.responses.${status}` };
    return null; // declared without a body schema (e.g. the SaaS bulk assign answer)
  }
  if (status >= 400 && name === "intercom") return { schema: toJsonSchema({ $ref: "#/components/schemas/error" }, doc), from: "components/schemas/error" };
  if (status >= 400 && name === "oomnitza") return { schema: OOMNITZA_ERROR_SCHEMA, from: "oomnitza-api.md error shapes" };
  if (!op) throw new Error(`${name}: no operation ${method.toUpperCase()} ${pathTemplate} in the description`);
  throw new Error(`${name}: ${method.toUpperCase()} ${pathTemplate} declares no ${status} answer`);
}

/**
 * Validates one answer body against the description. `pathTemplate` uses the
 * description's own names (`/admins/{admin_id}`, `/api/v3/users/{ident}`).
 * A body for which the description declares no schema is reported valid with `from: "no schema declared"`.
 */
export function validateResponse(name: SpecName, method: string, pathTemplate: string, status: number, body: unknown, opts: { strict?: boolean } = {}): Validation {
  const strict = opts.strict ?? false;
  const key = `${name}|${strict}|${method.toLowerCase()}|${pathTemplate}|${status}`;
  let entry = compiled.get(key);
  if (entry === undefined) {
    const found = findSchema(name, method, pathTemplate, status, strict);
    entry = found ? { validate: ajv.compile(found.schema as object), from: found.from } : null;
    compiled.set(key, entry);
  }
  if (!entry) return { valid: true, errors: [], from: "no schema declared" };
  const valid = entry.validate(body) as boolean;
  return { valid, errors: (entry.validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}`), from: entry.from };
}

/** An error body checked against the API's error shape, for answers on paths the description does not list. */
export function validateErrorBody(name: SpecName, body: unknown): Validation {
  const key = `${name}|error`;
  let entry = compiled.get(key);
  if (!entry) {
    const schema = name === "intercom" ? toJsonSchema({ $ref: "#/components/schemas/error" }, loadSpec(name, false)) : OOMNITZA_ERROR_SCHEMA;
    entry = { validate: ajv.compile(schema as object), from: name === "intercom" ? "components/schemas/error" : "oomnitza-api.md error shapes" };
    compiled.set(key, entry);
  }
  const valid = entry.validate(body) as boolean;
  return { valid, errors: (entry.validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}`), from: entry.from };
}

/**
 * An emulator route name ("GET /admins/:id") as the description's method and path
 * template: literal segments must be equal, and an emulator `:param` fits whatever the
 * description calls the parameter there (`{admin_id}`, `{ident}`, `{team_id}`, …), so
 * `/roles/users` is never taken for `/roles/{saas_role_id}`.
 */
export function routeToOperation(name: SpecName, route: string): { method: string; path: string } | undefined {
  const m = /^([A-Z]+) (\/\S*)$/.exec(route);
  if (!m) return undefined;
  const parts = (m[2] as string).split("/").filter(Boolean);
  const isParam = (seg: string) => seg.startsWith("{") && seg.endsWith("}");
  const fits = (template: string) => {
    const t = template.split("/").filter(Boolean);
    return t.length === parts.length && t.every((seg, i) => ((parts[i] as string).startsWith(":") ? isParam(seg) : seg === parts[i]));
  };
  const path = Object.keys(loadSpec(name, false).paths as Json).find(fits);
  return path ? { method: (m[1] as string).toLowerCase(), path } : undefined;
}
