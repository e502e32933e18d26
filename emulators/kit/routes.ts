/** Tiny path-template router: "/admins/:id/away" style templates, matched segment by segment. */
export interface RouteDef<H> {
  method: string;
  /** e.g. "/api/v3/users/:id"; the route's name is `${method} ${template}`. */
  template: string;
  handler: H;
}

export interface RouteMatch<H> {
  route: string;
  params: Record<string, string>;
  handler: H;
}

export class Router<H> {
  private compiled: Array<{ def: RouteDef<H>; parts: string[] }> = [];

  add(method: string, template: string, handler: H): this {
    this.compiled.push({ def: { method, template, handler }, parts: split(template) });
    return this;
  }

  /** The first route (in the order added) whose template fits; `methodMismatch` tells a 405 from a 404. */
  match(method: string, path: string): RouteMatch<H> | { methodMismatch: boolean } {
    const parts = split(path);
    let pathKnown = false;
    for (const { def, parts: tpl } of this.compiled) {
      const params = fit(tpl, parts);
      if (!params) continue;
      if (def.method !== method) {
        pathKnown = true;
        continue;
      }
      return { route: `${def.method} ${def.template}`, params, handler: def.handler };
    }
    return { methodMismatch: pathKnown };
  }
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function fit(tpl: string[], parts: string[]): Record<string, string> | undefined {
  if (tpl.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < tpl.length; i++) {
    const t = tpl[i] as string;
    const p = parts[i] as string;
    if (t.startsWith(":")) {
      try {
        params[t.slice(1)] = decodeURIComponent(p);
      } catch {
        params[t.slice(1)] = p; // a malformed escape is left as sent: the handler then finds no such id
      }
    } else if (t !== p) {
      return undefined;
    }
  }
  return params;
}
