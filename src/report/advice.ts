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

/** A skip that is no problem: an entry that is not a teammate (a legacy team entry in the admin list). */
export const informationalSkip = (reason: string): boolean => /^invalid Intercom record: type is "team"/.test(reason);

/** What to do about a skipped admin, by its reason. */
export function skipFix(reason: string): string {
  if (informationalSkip(reason)) return "Nothing to do: older API versions list teams among the admins.";
  if (reason.startsWith("no sync key")) return "Give the teammate that value in Intercom, or map the sync key from a source every admin has.";
  if (reason.startsWith("duplicate in Intercom")) return "Two Intercom admins share the key: remove the extra one in Intercom (or change the sync key); both are left alone until then.";
  if (reason.startsWith("ambiguous in Oomnitza")) {
    const users = /users (.+?) all have/.exec(reason)?.[1];
    return `Several Oomnitza people have this key: merge them into one in Oomnitza${users ? ` (users ${users})` : ""}, or clear the key on those that are not this teammate.`;
  }
  if (/^username .* is already used/.test(reason)) return "Another Oomnitza person holds this username: merge the two, or change that person's username.";
  if (reason.startsWith("invalid Intercom record")) return "Intercom sent an admin the sync cannot read; the reason names the member, and the next run tries again.";
  if (reason.startsWith("Oomnitza user id")) return "Fix or recreate the person's record in Oomnitza.";
  return "The report file has the full reason.";
}
