/**
 * Removes secrets from any text before it leaves the process (logs, summary, report,
 * outputs, error messages). Servers sometimes echo headers or tokens back in error
 * bodies, so every message built from a response goes through here.
 */
const CREDENTIAL_HEADER = /\b(authorization2?|proxy-authorization|cookie|x-api-key)(["']?)\s*[:=]\s*(?:"[^"]*"|'[^']*'|(?:Bearer\s+)?[^\s,;}]+)/gi;

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
    // Credential headers a server echoes back are cut whatever their value, even one
    // this process never registered.
    let out = text.replace(CREDENTIAL_HEADER, (_match, name: string, quote: string) => `${name}${quote}: "***"`);
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
