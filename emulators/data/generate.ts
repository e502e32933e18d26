/** Seeded generators of Intercom admins and Oomnitza people (no Math.random anywhere). */
import type { IntercomAdmin } from "../intercom/types.js";
import { asciiFold, COMPANY_DOMAINS, FIRST_NAMES, JOB_TITLES, LAST_NAMES, POSITIONS, TEAM_IDS, UNICODE_FIRST_NAMES, UNICODE_LAST_NAMES } from "./names.js";
import type { OomnitzaUser } from "../oomnitza/types.js";
import { Prng } from "../kit/prng.js";


/** How often each kind of variety shows up in generated admins (fractions from 0 to 1). */
export interface AdminVariety {
  /** Email domains, used in turn by chance. Default example.com and corp.example.net. */
  domains?: string[];
  missingJobTitle?: number;
  nullAvatar?: number;
  absentAvatar?: number;
  awayMode?: number;
  noInboxSeat?: number;
  unicodeNames?: number;
  teamPriority?: number;
  /** Add one legacy `type: "team"` entry (email null) as older API versions did. */
  legacyTeam?: boolean;
  /** The first admin id (later ones increase). Default 5104417. */
  firstId?: number;
}

interface Person {
  first: string;
  last: string;
  email: string;
}

/** Names and unique emails; `taken` holds lowercased emails already used (and is updated). */
function makePerson(prng: Prng, domains: string[], unicodeRate: number, taken: Set<string>): Person {
  const uni = prng.chance(unicodeRate);
  const first = uni && prng.chance(0.6) ? prng.pick(UNICODE_FIRST_NAMES) : prng.pick(FIRST_NAMES);
  const last = uni && prng.chance(0.6) ? prng.pick(UNICODE_LAST_NAMES) : prng.pick(LAST_NAMES);
  const domain = prng.pick(domains);
  const base = `${asciiFold(first)}.${asciiFold(last)}`.toLowerCase();
  let email = `${base}@${domain}`;
  for (let k = 2; taken.has(email); k++) email = `${base}${k}@${domain}`;
  taken.add(email);
  return { first, last, email };
}

export function avatarUrl(id: string): string {
  return `https://static.avatars.example.com/admins/${id}/square_128/avatar.png`;
}

export function generateAdmins(n: number, seed = 1, opts: AdminVariety = {}): IntercomAdmin[] {
  const prng = new Prng(seed);
  const domains = opts.domains ?? COMPANY_DOMAINS;
  const taken = new Set<string>();
  const admins: IntercomAdmin[] = [];
  let id = opts.firstId ?? 5104417;
  for (let i = 0; i < n; i++) {
    const p = makePerson(prng, domains, opts.unicodeNames ?? 0.15, taken);
    id += prng.int(1, 97);
    const sid = String(id);
    const teams = TEAM_IDS.filter(() => prng.chance(0.25));
    const away = prng.chance(opts.awayMode ?? 0.1);
    const admin: IntercomAdmin = {
      type: "admin",
      id: sid,
      name: `${p.first} ${p.last}`,
      email: p.email,
      away_mode_enabled: away,
      away_mode_reassign: away && prng.chance(0.5),
      has_inbox_seat: !prng.chance(opts.noInboxSeat ?? 0.15),
      team_ids: teams,
    };
    if (!prng.chance(opts.missingJobTitle ?? 0.15)) admin.job_title = prng.pick(JOB_TITLES);
    const a = prng.next();
    const nullAvatar = opts.nullAvatar ?? 0.1;
    if (a < nullAvatar) admin.avatar = null;
    else if (a >= nullAvatar + (opts.absentAvatar ?? 0.1)) admin.avatar = { image_url: avatarUrl(sid) };
    if (teams.length > 0 && prng.chance(opts.teamPriority ?? 0.5)) {
      const cut = prng.int(1, teams.length);
      admin.team_priority_level = { primary_team_ids: teams.slice(0, cut), secondary_team_ids: cut < teams.length ? teams.slice(cut) : null };
    }
    admins.push(admin);
  }
  if (opts.legacyTeam) admins.push(legacyTeam(TEAM_IDS[0] as number, admins.slice(0, 3).map((a) => Number(a.id))));
  return admins;
}

/** What 1.x/2.0 admin lists mixed in: a team, with no email. The 2.11 schema does not allow it. */
export function legacyTeam(teamId: number, adminIds: number[]): IntercomAdmin {
  return { type: "team", id: String(teamId), name: "Tier 2 Support", email: null, away_mode_enabled: false, away_mode_reassign: false, has_inbox_seat: false, team_ids: [], admin_ids: adminIds };
}

export interface UserOptions {
  /** Email domains of the people (default example.com and corp.example.net). */
  domains?: string[];
  /** Lowercased emails to steer clear of (e.g. the admins'), so no match happens by accident. */
  avoidEmails?: Set<string>;
}

const EPOCH_2023 = 1672531200;

/** Oomnitza people who are not (yet) Intercom admins; the emulator gives them user_ids. */
export function generateUsers(m: number, seed = 1, opts: UserOptions = {}): Array<Partial<OomnitzaUser>> {
  const prng = new Prng(seed * 1000003 + 11);
  const taken = new Set(opts.avoidEmails ?? []);
  const usernames = new Set<string>();
  const users: Array<Partial<OomnitzaUser>> = [];
  let created = EPOCH_2023;
  for (let i = 0; i < m; i++) {
    const p = makePerson(prng, opts.domains ?? COMPANY_DOMAINS, 0.12, taken);
    let username = p.email;
    if (prng.chance(0.35)) {
      // Older people often have a short login rather than their email.
      const base = `${asciiFold(p.first).charAt(0)}${asciiFold(p.last)}`.toLowerCase();
      username = base;
      for (let k = 2; usernames.has(username); k++) username = `${base}${k}`;
    }
    usernames.add(username.toLowerCase());
    created += prng.int(600, 86400);
    const user: Partial<OomnitzaUser> = {
      username,
      email: prng.chance(0.04) ? null : p.email,
      first_name: p.first,
      last_name: p.last,
      full_name: `${p.first} ${p.last}`,
      position: prng.chance(0.1) ? null : prng.pick(POSITIONS),
      phone_number: prng.chance(0.5) ? `+1 555 01${String(prng.int(0, 99)).padStart(2, "0")} ${String(prng.int(0, 9999)).padStart(4, "0")}` : null,
      role: prng.pick([25, 30, 50]),
      suspended: prng.chance(0.03),
      creation_date: created,
      change_date: created + prng.int(0, 86400 * 90),
      created_by: "oomnitza-admin",
      changed_by: "oomnitza-admin",
    };
    users.push(user);
  }
  return users;
}

/**
 * N admins and M people for load runs: `overlap` of the admins already exist in Oomnitza
 * (a fifth of those with their email in other letter case), the rest of the people are
 * unrelated. No accidental duplicates or ambiguities.
 */
export function generatedDataset(nAdmins: number, mUsers: number, seed = 1, opts: { overlap?: number } = {}): { admins: IntercomAdmin[]; users: Array<Partial<OomnitzaUser>> } {
  const admins = generateAdmins(nAdmins, seed);
  const prng = new Prng(seed * 17 + 5);
  const existing = admins.filter(() => prng.chance(opts.overlap ?? 0.5)).slice(0, mUsers);
  const known: Array<Partial<OomnitzaUser>> = existing.map((a) => {
    const email = prng.chance(0.2) ? mixCase(a.email as string) : (a.email as string);
    const [first, ...rest] = a.name.split(" ");
    return { username: email, email, first_name: first ?? null, last_name: rest.join(" ") || null, full_name: a.name, position: prng.chance(0.3) ? "Support" : (a.job_title ?? null) };
  });
  const avoid = new Set(admins.map((a) => String(a.email).toLowerCase()));
  const others = generateUsers(mUsers - known.length, seed, { avoidEmails: avoid });
  // Interleave so known people are spread over the pages, as in a real instance.
  const users: Array<Partial<OomnitzaUser>> = [];
  const every = known.length > 0 ? Math.max(1, Math.floor(mUsers / known.length)) : Infinity;
  let k = 0;
  for (const u of others) {
    if (k < known.length && users.length % every === 0) users.push(known[k++] as Partial<OomnitzaUser>);
    users.push(u);
  }
  while (k < known.length) users.push(known[k++] as Partial<OomnitzaUser>);
  return { admins, users };
}

/** "ada.lovelace@example.com" → "Ada.Lovelace@Example.com". */
export function mixCase(email: string): string {
  return email.replace(/(^|[.@])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}
