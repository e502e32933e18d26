import type { OomnitzaUser } from "./types.js";

const norm = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : "");

/**
 * Username → user id, so a create checks for a duplicate without scanning every
 * person (a real database has an index; 5,000 creates against 55,000 people would
 * otherwise cost the benchmark seconds of emulator time). Tests may add people to the
 * live map directly, so the index rebuilds itself when the map's size differs from
 * what it has seen, or when an entry no longer matches.
 */
export class UsernameIndex {
  private byName = new Map<string, string>();
  private seen = -1;

  find(users: Map<string, OomnitzaUser>, username: string, exceptId?: string): OomnitzaUser | undefined {
    const key = norm(username);
    if (users.size !== this.seen) this.rebuild(users);
    let user = this.lookup(users, key);
    if (user === "stale") {
      this.rebuild(users);
      user = this.lookup(users, key);
    }
    return user && user !== "stale" && user.user_id !== exceptId ? user : undefined;
  }

  /** After the emulator itself adds a person or changes a username. */
  note(users: Map<string, OomnitzaUser>, user: OomnitzaUser, oldUsername?: unknown): void {
    if (oldUsername !== undefined && this.byName.get(norm(oldUsername)) === user.user_id) this.byName.delete(norm(oldUsername));
    this.byName.set(norm(user.username), user.user_id);
    if (this.seen !== -1 && oldUsername === undefined) this.seen = users.size;
  }

  private lookup(users: Map<string, OomnitzaUser>, key: string): OomnitzaUser | "stale" | undefined {
    const id = this.byName.get(key);
    if (id === undefined) return undefined;
    const user = users.get(id);
    return user && norm(user.username) === key ? user : "stale";
  }

  private rebuild(users: Map<string, OomnitzaUser>): void {
    this.byName.clear();
    for (const user of users.values()) if (!this.byName.has(norm(user.username))) this.byName.set(norm(user.username), user.user_id);
    this.seen = users.size;
  }
}

/**
 * The users sorted by a field, kept until the next write through the API: a client
 * paging through 55,000 people with `sortby` would otherwise have every page sort them
 * all again. Direct changes by tests to the live map change its size, which also
 * invalidates the cache.
 */
export class SortCache<T> {
  version = 0;
  private cached?: { key: string; rows: T[] };

  get(key: string, size: number, compute: () => T[]): T[] {
    const full = `${key}|${this.version}|${size}`;
    if (this.cached?.key !== full) this.cached = { key: full, rows: compute() };
    return this.cached.rows;
  }
}
