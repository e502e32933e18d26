/**
 * Removes the secrets this process knows (tokens, CSRF tokens, secret mapping values)
 * from any text before it leaves the process (logs, summary, report, outputs, error
 * messages), also URL-encoded. It masks known secrets only: a job title such as
 * "Cookie: chocolate-chip" is data and is shown as written. What a server echoes back
 * in an error body is a different matter: `cutCredentialHeaders` cuts the credential
 * headers in server text (http/errors.ts applies it), whatever their value.
 */
const CREDENTIAL_HEADER = /\b(authorization2?|proxy-authorization|cookie|set-cookie|x-api-key|x-csrf-token)(["']?)\s*[:=]\s*(?:"[^"]*"|'[^']*'|(?:Bearer\s+)?[^\s,;}]+)/gi;

/** Credential headers a server or proxy echoes back, cut whatever their value (even one this process never registered). */
export function cutCredentialHeaders(text: string): string {
  return text.replace(CREDENTIAL_HEADER, (_match, name: string, quote: string) => `${name}${quote}: "***"`);
}

export class Redactor {
  private readonly secrets: string[] = [];
  /** Each secret as it appears in a URL, computed once: redact runs on every report string. */
  private readonly encoded = new Map<string, string>();

  add(secret: string | undefined): void {
    if (!secret) return;
    const trimmed = secret.trim();
    // Very short values would redact ordinary words; tokens are long.
    if (trimmed.length < 6 || this.secrets.includes(trimmed)) return;
    this.secrets.push(trimmed);
    this.encoded.set(trimmed, encodeURIComponent(trimmed));
    // Longest first, so a secret that contains another is removed whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join("***");
      const encoded = this.encoded.get(secret) as string;
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join("***");
    }
    return out;
  }

  /**
   * Redacts every string of a plain JSON-like value where it stands, without copying
   * the value: the report of a large run holds tens of thousands of objects, and a
   * redacted copy would double them at the run's memory peak.
   */
  redactInPlace<T>(value: T): T {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = typeof value[i] === "string" ? this.redact(value[i]) : this.redactInPlace(value[i]);
    } else if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        const clean = this.redact(key);
        if (clean !== key) delete record[key];
        record[clean] = typeof item === "string" ? this.redact(item) : this.redactInPlace(item);
      }
    }
    return value;
  }
}
