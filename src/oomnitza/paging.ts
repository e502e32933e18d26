import { HttpError } from "../http/index.js";
import type { OomnitzaUser } from "../sync/records.js";

export type UserFilter = (user: OomnitzaUser) => boolean;
export interface Page {
  rows: OomnitzaUser[];
  /** `x-total-count`, when the server sends it. */
  total?: number;
}

export interface PagingOptions {
  /** Rows asked for per page (the server may return fewer). */
  pageSize: number;
  /** Pages in flight at once once the total is known. */
  readConcurrency: number;
  what: string;
}

/**
 * Reads every user. The server may return fewer rows than asked, so the next page
 * starts after the rows actually received, and reading stops only on an empty page
 * or once `x-total-count` rows are in. Once the total is known, up to
 * `readConcurrency` later pages are in flight at once (a sliding window), on the
 * assumption that every page is full; a short page discards the guesses after it
 * and reading goes on from where that page ended.
 *
 * `keep` says which users to hold on to; it may arrive later than the first page
 * (the admins it depends on are fetched at the same time).
 */
export async function readAllUsers(fetchPage: (skip: number, limit: number) => Promise<Page>, keep: UserFilter | Promise<UserFilter>, options: PagingOptions): Promise<OomnitzaUser[]> {
  const read = (skip: number, limit: number) => {
    const page = fetchPage(skip, limit);
    // Pages read ahead may fail after reading has stopped; that must not crash the process.
    page.catch(() => {});
    return page;
  };
  const first = await read(0, options.pageSize);
  const keepUser = await keep;
  // Every id read (to notice a server that ignores skip), but only the users the plan can use are kept.
  const seen = new Set<string>();
  const users = new Map<string, OomnitzaUser>();
  const take = (page: Page, skip: number): void => {
    const before = seen.size;
    for (const user of page.rows) {
      seen.add(user.user_id);
      if (keepUser(user)) users.set(user.user_id, user);
    }
    if (page.rows.length > 0 && seen.size === before) {
      // A server that ignores `skip` would otherwise be read forever.
      throw new HttpError(`${options.what}: Oomnitza returned the same users again at skip=${skip}; paging is not working, nothing was written`, "oomnitza", 200, false, "bad_paging");
    }
  };
  take(first, 0);
  const total = first.total;
  const step = first.rows.length; // the server's real page size
  let next = step;
  let done = step === 0 || (total !== undefined && next >= total);

  while (!done) {
    const window: Array<{ skip: number; page: Promise<Page> }> = [];
    let guess = next;
    const fill = () => {
      const room = total === undefined ? 1 : options.readConcurrency;
      while (window.length < room && (total === undefined || guess < total)) {
        window.push({ skip: guess, page: read(guess, step) });
        guess += step;
      }
    };
    fill();
    while (window.length > 0) {
      const head = window.shift() as { skip: number; page: Promise<Page> };
      const page = await head.page;
      take(page, head.skip);
      next += page.rows.length;
      if (page.rows.length === 0 || (total !== undefined && next >= total)) {
        done = true;
        break;
      }
      if (page.rows.length < step) break; // the guesses after it started at the wrong row
      fill();
    }
  }
  return [...users.values()];
}
