import { ACCESS_FIELDS } from "../sync/mapping.js";

/**
 * What to do about a failure, in the words of the fix: the report's failure groups and
 * the checklist use these. Oomnitza names a field an instance requires on create only
 * when a create misses it, so that fix is the exact mapping to add.
 */

/** What to do about a field Oomnitza refused in a write. */
export const REFUSED_FIELD_FIX =
  "If the field is a dropdown, add the value to its list (or make it a dropdown without values); if the integration user's role may not edit the field, allow it; or write it only on create (on: create) or drop it from the mapping.";

/** What to do about a failure, from what Oomnitza or the network said. */
export function adviceFor(cause: string): string {
  const required = /Field '([A-Za-z_][A-Za-z0-9_]*)' is required/.exec(cause)?.[1];
  if (required) return requiredFieldFix(required);
  if (/answered 401/.test(cause)) return "The token was refused: check it is the integration user's current token for this instance.";
  if (/answered 403/.test(cause)) return "The integration user's role lacks permission for this call: give it read and write access to People (and SaaS).";
  if (/answered 400/.test(cause)) return "Oomnitza refused a value: check the named field's type, its allowed values, and whether the integration user may edit it.";
  if (/answered 404/.test(cause)) return "The record is gone or the URL is wrong: check oomnitza-url; the next run reads Oomnitza afresh.";
  if (/answered 5\d\d|could not be reached|no response within|gave up after/.test(cause)) return "Oomnitza or the network failed for a while: the next run tries again; if it keeps happening, check the instance's status.";
  if (/read back|when read back|reads back/.test(cause)) return "Oomnitza accepted the write but did not keep it: check the instance's rules for this record.";
  if (/already holds/.test(cause)) return "Nothing to do: the next run matches the person that is already there.";
  return "The report file has each person's full error.";
}


/** The mapping that fills a field the instance requires on create (access-control fields need the opt-in). */
export function requiredFieldFix(field: string): string {
  const access = (ACCESS_FIELDS as readonly string[]).includes(field);
  const value = field === "role" ? "2" : "<value>";
  const lines = ["extends: default", ...(access ? [`allow-access-fields: [${field}]`] : []), `fields: { ${field}: { value: ${value}, on: create } }`];
  return `This instance requires ${field} on create: add to the mapping ${lines.map((line) => `"${line}"`).join(", ")}${field === "role" ? " (2: the id of the role new people get)" : ""}.`;
}
