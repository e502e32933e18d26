import { Prng } from "../kit/prng.js";

/**
 * CSRF tokens as Oomnitza's own connector meets them: the connection check's answer
 * carries `X-CSRF-Token`, and the connector sends that value back in `X-CSRF-Token` on
 * every later request. Assumed here: one CSRF token per API token, made at its first
 * connection check and repeated by later ones; a write must carry the value issued for
 * the same API token.
 */
export class CsrfTokens {
  private readonly issued = new Map<string, string>();
  private readonly prng: Prng;

  constructor(seed: number) {
    this.prng = new Prng(seed * 613 + 29);
  }

  /** The CSRF token of an API token (made on first use). */
  issue(apiToken: string): string {
    let t = this.issued.get(apiToken);
    if (t === undefined) {
      t = this.prng.hex(40);
      this.issued.set(apiToken, t);
    }
    return t;
  }

  /** True when `sent` is the CSRF token issued for this API token. */
  accepts(apiToken: string, sent: string | undefined): boolean {
    const t = this.issued.get(apiToken);
    return t !== undefined && sent !== undefined && sent.trim() === t;
  }
}
