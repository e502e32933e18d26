/**
 * Removes secrets from any text before it leaves the process (logs, summary, report,
 * outputs, error messages). Servers sometimes echo headers or tokens back in error
 * bodies, so every message built from a response goes through here.
 */
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
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join("***");
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join("***");
    }
    return out;
  }

  /** Redacts every string inside a JSON-like value. */
  redactDeep<T>(value: T): T {
    if (this.secrets.length === 0) return value;
    return JSON.parse(this.redact(JSON.stringify(value))) as T;
  }
}
