/**
 * How the core reads a failed call without knowing the HTTP layer: the client's errors
 * carry `status`, `outcomeUnknown` and `code`, and these helpers read them by name.
 */
interface CallFailure {
  status?: number;
  outcomeUnknown?: boolean;
  code?: string;
  /** Field names the error body points at (Oomnitza's refusals). */
  fields?: string[];
}

const fields = (err: unknown): CallFailure => (err && typeof err === "object" ? (err as CallFailure) : {});

export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A refused token (401) or permission (403) makes every further write pointless. */
export const refusesEveryWrite = (err: unknown): boolean => fields(err).status === 401 || fields(err).status === 403;

/** The request was sent and its answer lost: the server may have acted on it. */
export const answerLost = (err: unknown): boolean => fields(err).outcomeUnknown === true;

/** A 2xx whose body could not be read: the server did act. */
export const unreadableSuccess = (err: unknown): boolean => {
  const { status, code } = fields(err);
  return status !== undefined && status < 300 && (code === "bad_json" || code === "bad_shape");
};

/** The endpoint is not there (404) or takes no such method (405): an optional feature the instance lacks. */
export const endpointAbsent = (err: unknown): boolean => fields(err).status === 404 || fields(err).status === 405;

/** The field names a 400 points at; none for any other failure. */
export const refusedFieldNames = (err: unknown): string[] => (fields(err).status === 400 ? (fields(err).fields ?? []) : []);

/**
 * A failure's cause, the same for every person it hit: the person's own words (email,
 * key, name, id, the values written for them) become "…", long ids too, so 35
 * refusals of one field read as one cause, while the field's name stays.
 */
export function failureCause(message: string, personWords: Array<unknown>): string {
  let text = message;
  const words = personWords.filter((word): word is string | number => (typeof word === "string" || typeof word === "number") && String(word).trim().length >= 3).map(String);
  // Longest first, so an email goes before the name inside it.
  for (const word of words.sort((a, b) => b.length - a.length)) text = text.split(word).join("…");
  return text.replace(/\b[0-9a-f]{16,}\b/gi, "…").replace(/…(\s*…)+/g, "…");
}

/** The words that are a person's own in a failure message (see failureCause). */
export const personWords = (entry: { admin: { email?: string; name?: string; id?: string }; key?: string; changes: Array<{ after: unknown }> } | undefined): unknown[] =>
  entry ? [entry.admin.email, entry.key, entry.admin.name, entry.admin.id, ...entry.changes.map((c) => c.after)] : [];
