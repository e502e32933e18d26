import { HttpError } from "../http/index.js";
import { hashId, IdSet } from "./id-set.js";
import type { OomnitzaUser } from "../sync/records.js";

export type UserFilter = (user: OomnitzaUser) => boolean;
export interface Page {
  rows: OomnitzaUser[];
  /** `x-total-count`, when the server sends it. */
  total?: number;
}

/** A page boiled down: every id's hash in order (for the proof) and the users to keep. */
interface Digest {
  ids: Float64Array;
  kept: OomnitzaUser[];
  total?: number;
}

export interface PagingOptions {
  /** Pages in flight at once once the total is known. */
  readConcurrency: number;
  what: string;
  /** Without a total, reading stops with an error after this many rows (a server inventing rows). */
  maxRowsWithoutTotal?: number;
}

/**
 * Whether the read is proven complete and stable: every page gave the same total, no
 * id came twice, and as many distinct ids as the total. Nothing else proves that no
 * person was missed (an instance may ignore the order, or people may be added or
 * removed while reading shifts `skip`), and a person missed by the read must never be
 * created twice: the engine looks people up by their key before planning a create.
 */
export interface ReadProof {
  complete: boolean;
  /** Why the read is not proven complete. */
  problems: string[];
  rows: number;
  /** Rows the first page held: the instance's real page size. */
  pageRows: number;
  unique: number;
  total?: number;
  pages: number;
}

/**
 * No Oomnitza instance holds a million people: a total past that, or more rows than that
 * however the server pages, is a server inventing rows, and the read stops with a clear
 * failure instead of running until memory or the deadline runs out.
 */
export const MAX_PEOPLE = 1_000_000;
const MAX_ROWS_WITHOUT_TOTAL = MAX_PEOPLE;

/**
 * Reads every user after the first page. The server may return fewer rows than asked,
 * so the next page starts after the rows actually received, and reading stops on an
 * empty page or once the total is reached. Once the total is known, up to
 * `readConcurrency` later pages are in flight at once (a sliding window), on the
 * assumption that every page is full; a short page discards the guesses after it and
 * reading goes on from where that page ended.
 *
 * `keep` says which users to hold on to; it may arrive later than the first page (the
 * admins it depends on are fetched at the same time). Every id is remembered, so a
 * repeated or missing row shows in the proof.
 */
export async function readAllUsers(first: Page, fetchPage: (skip: number, limit: number) => Promise<Page>, keep: UserFilter | Promise<UserFilter>, options: PagingOptions): Promise<{ users: OomnitzaUser[]; proof: ReadProof }> {
  // A page is boiled down as soon as it arrives (and the filter is known): its ids for the
  // proof and the people to keep. Pages that wait for an earlier one then hold little, and
  // the rows nobody needs are garbage while they are still young.
  const digest = async (page: Page): Promise<Digest> => {
    const keepUser = await keep;
    const kept: OomnitzaUser[] = [];
    const ids = new Float64Array(page.rows.length);
    page.rows.forEach((user, i) => {
      if (keepUser(user)) kept.push(user);
      ids[i] = hashId(user.user_id);
    });
    return { ids, kept, total: page.total };
  };
  const read = (skip: number, limit: number) => {
    const page = fetchPage(skip, limit).then(digest);
    // Pages read ahead may fail after reading has stopped; that must not crash the process.
    page.catch(() => {});
    return page;
  };
  const total = first.total;
  if (total !== undefined && (total > MAX_PEOPLE || total < 0 || !Number.isInteger(total))) {
    throw new HttpError(`${options.what}: Oomnitza announced ${total.toLocaleString("en-US")} people (x-total-count), which no instance holds (at most ${MAX_PEOPLE.toLocaleString("en-US")} are read); reading stopped and nothing was written`, "oomnitza", 200, false, "bad_paging");
  }
  const seen = new IdSet(total);
  const users = new Map<string, OomnitzaUser>();
  const problems = new Set<string>();
  const proof = { rows: 0, pages: 0 };
  /** Takes a page in; false when it brought no id not seen before. */
  const take = (page: Digest): boolean => {
    const before = seen.size;
    proof.pages++;
    proof.rows += page.ids.length;
    for (const id of page.ids) if (!seen.add(id)) problems.add("some people came twice (the instance's order changed between pages)");
    for (const user of page.kept) users.set(user.user_id, user);
    if (page.total !== total) problems.add(`the total changed while reading (from ${total ?? "none"} to ${page.total ?? "none"})`);
    if (total !== undefined && proof.rows > MAX_PEOPLE) {
      throw new HttpError(`${options.what}: Oomnitza kept sending rows past ${MAX_PEOPLE.toLocaleString("en-US")}; reading stopped and nothing was written`, "oomnitza", 200, false, "bad_paging");
    }
    if (total === undefined && proof.rows > (options.maxRowsWithoutTotal ?? MAX_ROWS_WITHOUT_TOTAL)) {
      throw new HttpError(`${options.what}: Oomnitza kept sending rows past ${proof.rows - page.ids.length} without a total; reading stopped and nothing was written`, "oomnitza", 200, false, "bad_paging");
    }
    return page.ids.length === 0 || seen.size > before;
  };
  const step = first.rows.length; // the server's real page size
  take(await digest(first));
  let next = step;
  let done = step === 0 || (total !== undefined && next >= total);

  while (!done) {
    const window: Array<{ skip: number; page: Promise<Digest> }> = [];
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
      const head = window.shift() as { skip: number; page: Promise<Digest> };
      const page = await head.page;
      const fresh = take(page);
      next += page.ids.length;
      if (page.ids.length === 0 || (total !== undefined && next >= total) || (total === undefined && !fresh)) {
        if (!fresh) problems.add(`the page at skip=${head.skip} held only people already read (the instance seems to ignore skip)`);
        done = true;
        break;
      }
      if (page.ids.length < step) break; // the guesses after it started at the wrong row
      fill();
    }
  }
  if (total === undefined) problems.add("Oomnitza sent no x-total-count, so the read cannot be checked");
  else if (seen.size !== total) problems.add(`${seen.size} distinct people were read, but Oomnitza's total is ${total}`);
  return { users: [...users.values()], proof: { complete: problems.size === 0, problems: [...problems], rows: proof.rows, pageRows: step, unique: seen.size, total, pages: proof.pages } };
}
