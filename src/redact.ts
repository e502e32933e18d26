/**
 * Removes secrets from any text before it leaves the process (logs, summary, report,
 * outputs, error messages). Servers sometimes echo headers or tokens back in error
 * bodies, so every message built from a response goes through here.
 */
const CREDENTIAL_HEADER = /\b(authorization2?|proxy-authorization|cookie|x-api-key)(["']?)\s*[:=]\s*(?:"[^"]*"|'[^']*'|(?:Bearer\s+)?[^\s,;}]+)/gi;

export class Redactor {
  private readonly secrets: string[] = [];

  add(secret: string | undefined): void {
    if (!secret) return;
    const trimmed = secret.trim();
    // Very short values would redact ordinary words; tokens are long.
    if (trimmed.length < 6 || this.secrets.includes(trimmed)) return;
    this.secrets.push(trimmed);
    // Longest first, so a secret that contains another is removed whole.
    this.secrets.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    // Credential headers a server echoes back are cut whatever their value, even one
    // this process never registered.
    let out = text.replace(CREDENTIAL_HEADER, (_match, name: string, quote: string) => `${name}${quote}: "***"`);
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join("***");
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join("***");
    }
    return out;
  }

  /** Redacts every string inside a JSON-like value (each string on its own, so the structure stays intact). */
  redactDeep<T>(value: T): T {
    if (typeof value === "string") return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[this.redact(key)] = this.redactDeep(item);
      return out as T;
    }
    return value;
  }
}
