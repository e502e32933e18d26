/**
 * Oomnitza's v3 `filter` expressions: `field eq 'v'`, `field ne 'v'`,
 * `field IN ["a","b"]`, `field LIKE '%v%'`, `field IS NULL`, `field IS NOT NULL`,
 * `gt`/`ge`/`lt`/`le`, combined with `and`/`or` (and binds tighter) and parentheses.
 * Keywords are case-insensitive; strings take single or double quotes with `\` escapes.
 * Assumed (facts file): `eq`/`IN` compare case-sensitively; LIKE ignores case.
 */
export type Literal = string | number | boolean | null;

export type FilterNode =
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "cmp"; field: string; op: "eq" | "ne" | "gt" | "ge" | "lt" | "le" | "like"; value: Literal }
  | { kind: "in"; field: string; values: Literal[]; negated: boolean }
  | { kind: "null"; field: string; negated: boolean };

export class FilterSyntaxError extends Error {}

type Token = { t: "word" | "str" | "num" | "punct"; v: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      const start = i++;
      let s = "";
      while (i < src.length && src[i] !== c) {
        if (src[i] === "\\" && i + 1 < src.length) i++;
        s += src[i++];
      }
      if (i >= src.length) throw new FilterSyntaxError(`unterminated string starting at position ${start + 1}`);
      i++;
      out.push({ t: "str", v: s, at: start });
    } else if ("()[],".includes(c)) {
      out.push({ t: "punct", v: c, at: i++ });
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
      if (!m) throw new FilterSyntaxError(`unexpected '${c}' at position ${i + 1}`);
      out.push({ t: "num", v: m[0], at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: "word", v: m[0], at: i });
      i += m[0].length;
    } else {
      throw new FilterSyntaxError(`unexpected '${c}' at position ${i + 1}`);
    }
  }
  return out;
}

const CMP_OPS = new Set(["eq", "ne", "gt", "ge", "lt", "le", "like"]);

export function parseFilter(src: string): FilterNode {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const where = () => (peek() ? `at position ${(peek() as Token).at + 1}` : "at the end");
  const isWord = (w: string) => peek()?.t === "word" && (peek() as Token).v.toLowerCase() === w;
  const expectPunct = (p: string) => {
    if (peek()?.t !== "punct" || (peek() as Token).v !== p) throw new FilterSyntaxError(`expected '${p}' ${where()}`);
    pos++;
  };

  function literal(): Literal {
    const tok = peek();
    if (!tok) throw new FilterSyntaxError("expected a value at the end");
    pos++;
    if (tok.t === "str") return tok.v;
    if (tok.t === "num") return Number(tok.v);
    if (tok.t === "word") {
      const w = tok.v.toLowerCase();
      if (w === "true") return true;
      if (w === "false") return false;
      if (w === "null") return null;
    }
    throw new FilterSyntaxError(`expected a value at position ${tok.at + 1}`);
  }

  function list(): Literal[] {
    const open = peek();
    if (open?.t !== "punct" || (open.v !== "[" && open.v !== "(")) throw new FilterSyntaxError(`expected a list like ["a","b"] ${where()}`);
    pos++;
    const close = open.v === "[" ? "]" : ")";
    const values: Literal[] = [];
    if (peek()?.t === "punct" && (peek() as Token).v === close) {
      pos++;
      return values;
    }
    for (;;) {
      values.push(literal());
      if (peek()?.t === "punct" && (peek() as Token).v === ",") {
        pos++;
        continue;
      }
      expectPunct(close);
      return values;
    }
  }

  function term(): FilterNode {
    const tok = peek();
    if (!tok) throw new FilterSyntaxError("expected a condition at the end");
    if (tok.t === "punct" && tok.v === "(") {
      pos++;
      const inner = orExpr();
      expectPunct(")");
      return inner;
    }
    if (tok.t !== "word" || ["and", "or"].includes(tok.v.toLowerCase())) throw new FilterSyntaxError(`expected a field name at position ${tok.at + 1}`);
    pos++;
    const field = tok.v;
    const opTok = peek();
    if (opTok?.t !== "word") throw new FilterSyntaxError(`expected an operator after '${field}' ${where()}`);
    const op = opTok.v.toLowerCase();
    pos++;
    if (CMP_OPS.has(op)) return { kind: "cmp", field, op: op as "eq", value: literal() };
    if (op === "in") return { kind: "in", field, values: list(), negated: false };
    if (op === "not" && isWord("in")) {
      pos++;
      return { kind: "in", field, values: list(), negated: true };
    }
    if (op === "is") {
      const negated = isWord("not");
      if (negated) pos++;
      if (!isWord("null")) throw new FilterSyntaxError(`expected NULL ${where()}`);
      pos++;
      return { kind: "null", field, negated };
    }
    throw new FilterSyntaxError(`unknown operator '${opTok.v}' at position ${opTok.at + 1}`);
  }

  function andExpr(): FilterNode {
    let left = term();
    while (isWord("and")) {
      pos++;
      left = { kind: "and", left, right: term() };
    }
    return left;
  }

  function orExpr(): FilterNode {
    let left = andExpr();
    while (isWord("or")) {
      pos++;
      left = { kind: "or", left, right: andExpr() };
    }
    return left;
  }

  if (tokens.length === 0) throw new FilterSyntaxError("the filter is empty");
  const tree = orExpr();
  if (pos < tokens.length) throw new FilterSyntaxError(`unexpected '${(peek() as Token).v}' at position ${(peek() as Token).at + 1}`);
  return tree;
}

/** Every field a filter names (so unknown ones can be refused). */
export function filterFields(node: FilterNode): string[] {
  return "field" in node ? [node.field] : [...filterFields(node.left), ...filterFields(node.right)];
}

/** `get` returns the record's comparable value of a field (see oomnitza-fields `comparable`). */
export function matchesFilter(node: FilterNode, get: (field: string) => string | number | boolean | null): boolean {
  switch (node.kind) {
    case "and":
      return matchesFilter(node.left, get) && matchesFilter(node.right, get);
    case "or":
      return matchesFilter(node.left, get) || matchesFilter(node.right, get);
    case "null": {
      const v = get(node.field);
      const empty = v === null || v === "";
      return node.negated ? !empty : empty;
    }
    case "in": {
      const v = get(node.field);
      const hit = node.values.some((x) => same(v, x));
      return node.negated ? !hit : hit;
    }
    case "cmp": {
      const v = get(node.field);
      if (node.op === "eq") return same(v, node.value);
      if (node.op === "ne") return !same(v, node.value);
      if (node.op === "like") return v !== null && likeRegex(String(node.value ?? "")).test(String(v));
      if (v === null || node.value === null) return false;
      const a = typeof v === "number" ? v : String(v);
      const b = typeof v === "number" ? Number(node.value) : String(node.value);
      if (node.op === "gt") return a > b;
      if (node.op === "ge") return a >= b;
      if (node.op === "lt") return a < b;
      return a <= b;
    }
  }
}

function same(v: string | number | boolean | null, x: Literal): boolean {
  if (v === null || x === null) return v === x;
  if (typeof v === "boolean") return v === (x === true || x === 1 || x === "1" || x === "true");
  if (typeof v === "number") return v === Number(x);
  return v === String(x);
}

function likeRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".");
  return new RegExp(`^${body}$`, "is");
}
