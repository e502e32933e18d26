import { avatarUrl, generateUsers, legacyTeam } from "./generate.js";
import type { IntercomAdmin } from "../intercom/types.js";
import { TEAM_IDS } from "./names.js";
import type { OomnitzaUser } from "../oomnitza/types.js";

/**
 * The demo's fixed cast. Flags: "absent" / "null" avatar, "away", "reassign",
 * "noseat", "prio" (team priority levels). Every case the sync must handle appears
 * at least once; the seed only varies the unrelated Oomnitza people.
 */
interface Row {
  name: string;
  email: string | null;
  job?: string;
  flags?: string;
  /** The person as Oomnitza already has them (absent: a new admin). */
  /** `lastLogin`: the last Intercom login Oomnitza keeps from earlier runs, this many days ago (idle seats beyond the log's window). */
  oomnitza?: { email: string; first?: string; last?: string; position?: string | null; intercom?: "partial" | "synced"; lastLogin?: number };
}

const EXISTING: Row[] = [
  { name: "Ada Lovelace", email: "ada.lovelace@example.com", job: "Support Engineer", flags: "prio", oomnitza: { email: "Ada.Lovelace@Example.com", position: "Support Engineer" } },
  { name: "Grace Hopper", email: "grace.hopper@example.com", job: "Support Team Lead", oomnitza: { email: "grace.hopper@example.com", position: "Support Agent" } },
  { name: "Zoë Müller", email: "zoe.muller@example.com", job: "Customer Success Manager", flags: "away reassign", oomnitza: { email: "zoe.muller@example.com", first: "Zoe", last: "Mueller" } },
  { name: "José Álvarez", email: "jose.alvarez@example.com", job: "Billing Specialist", flags: "null", oomnitza: { email: "JOSE.ALVAREZ@EXAMPLE.COM" } },
  { name: "Łukasz Nowak", email: "lukasz.nowak@example.com", job: "Escalations Engineer", flags: "prio", oomnitza: { email: "lukasz.nowak@example.com", position: null } },
  { name: "Amara Okafor", email: "amara.okafor@example.com", job: "Head of Support", oomnitza: { email: "amara.okafor@example.com", intercom: "partial" } },
  { name: "Kenji Watanabe", email: "kenji.watanabe@example.com", job: "Technical Account Manager", flags: "prio", oomnitza: { email: "kenji.watanabe@example.com", intercom: "synced", lastLogin: 45 } },
  { name: "Priya Raman", email: "priya.raman@example.com", job: "Solutions Engineer", oomnitza: { email: "priya.raman@example.com", position: "Sales Engineer", lastLogin: 5 } },
  { name: "Siobhán O'Brien", email: "siobhan.obrien@example.com", job: "Onboarding Specialist", flags: "absent", oomnitza: { email: "Siobhan.OBrien@example.com", first: "Siobhan" } },
  { name: "Mateus Costa", email: "mateus.costa@example.com", job: "Support Engineer", flags: "noseat", oomnitza: { email: "mateus.costa@example.com", intercom: "partial" } },
  { name: "Fatima Zahra El Idrissi", email: "fatima.elidrissi@example.com", job: "Product Specialist", oomnitza: { email: "fatima.elidrissi@example.com", first: "Fatima", last: "El Idrissi" } },
  { name: "Björn Lindqvist", email: "bjorn.lindqvist@corp.example.net", job: "Support Operations Analyst", flags: "prio", oomnitza: { email: "Bjorn.Lindqvist@corp.example.net" } },
  { name: "Chloé Dubois", email: "chloe.dubois@corp.example.net", job: "Community Manager", flags: "prio", oomnitza: { email: "chloe.dubois@corp.example.net", intercom: "synced" } },
  { name: "Noah Williams", email: "noah.williams@example.com", oomnitza: { email: "noah.williams@example.com", last: "Wiliams", position: "Analyst" } },
  { name: "Mei Lin", email: "mei.lin@corp.example.net", job: "Knowledge Base Editor", flags: "null", oomnitza: { email: "mei.lin@corp.example.net", intercom: "partial" } },
];

const NEW: Row[] = [
  { name: "Olivia Brown", email: "olivia.brown@example.com", job: "Customer Support Specialist", flags: "prio" },
  { name: "Liam Johnson", email: "liam.johnson@example.com" },
  { name: "Sofia Rossi", email: "sofia.rossi@example.com", job: "Customer Support Specialist", flags: "away" },
  { name: "Ethan Clark", email: "ethan.clark@example.com", flags: "absent" },
  { name: "Aisha Bello", email: "aisha.bello@example.com", job: "Support Engineer", flags: "prio" },
  { name: "Hannah Schmidt", email: "hannah.schmidt@corp.example.net", job: "Account Executive", flags: "noseat" },
  { name: "Diego Fernández", email: "diego.fernandez@example.com", job: "Escalations Engineer" },
  { name: "Yuki Tanaka", email: "yuki.tanaka@corp.example.net", job: "Customer Success Manager", flags: "null" },
  { name: "Emma Wilson", email: "Emma.Wilson@example.com", job: "VP Customer Experience", flags: "prio" },
  { name: "Lucas Martin", email: "lucas.martin@example.com", job: "Support Engineer" },
  { name: "Nora Haddad", email: "nora.haddad@example.com", job: "Onboarding Specialist", flags: "absent" },
  { name: "Oskar Nieminen", email: "oskar.nieminen@corp.example.net", job: "Technical Account Manager" },
  { name: "Isabela Souza", email: "isabela.souza@example.com", job: "Billing Specialist", flags: "away reassign" },
  { name: "Tomás Ortega", email: "tomas.ortega@example.com", job: "Support Team Lead", flags: "prio" },
  { name: "Ingrid Johansen", email: "ingrid.johansen@corp.example.net", job: "Sales Development Rep", flags: "noseat" },
  { name: "Ravi Patel", email: "ravi.patel@example.com", job: "Solutions Engineer" },
  { name: "Chen Wei", email: "chen.wei@example.com", job: "Product Specialist" },
  { name: "Ana Kovač", email: "ana.kovac@corp.example.net", job: "Support Operations Analyst" },
  { name: "Support Bot", email: "support-bot@bots.example", flags: "noseat absent" },
  { name: "Jordan Lee", email: "jordan.lee@contractor.example", job: "Contract Support Agent" },
];

/** Cases the sync must skip, each with its reason. */
const EDGE: Row[] = [
  { name: "Pat Doe", email: "", job: "Support Engineer" }, // no sync key
  { name: "Chris Morgan", email: "chris.morgan@example.com", job: "Support Engineer" }, // duplicate in Intercom…
  { name: "Christopher Morgan", email: "Chris.Morgan@example.com", job: "Trainer", flags: "noseat" }, // …with this one
  { name: "Sam Taylor", email: "sam.taylor@example.com", job: "Customer Support Specialist" }, // ambiguous in Oomnitza
];

const FIRST_ID = 5104417;
const SYNC_TIME = "2025-01-14T06:17:00Z";

function toAdmin(row: Row, index: number): IntercomAdmin {
  const id = String(FIRST_ID + index * 37 + (index % 5));
  const flags = new Set((row.flags ?? "").split(" ").filter(Boolean));
  const teams = TEAM_IDS.filter((_t, k) => (index + k) % 3 === 0).slice(0, (index % 3) + 1);
  const admin: IntercomAdmin = {
    type: "admin",
    id,
    name: row.name,
    email: row.email,
    away_mode_enabled: flags.has("away"),
    away_mode_reassign: flags.has("reassign"),
    has_inbox_seat: !flags.has("noseat"),
    team_ids: teams,
  };
  if (row.job) admin.job_title = row.job;
  if (flags.has("null")) admin.avatar = null;
  else if (!flags.has("absent")) admin.avatar = { image_url: avatarUrl(id) };
  if (flags.has("prio")) admin.team_priority_level = { primary_team_ids: teams.slice(0, 1), secondary_team_ids: teams.length > 1 ? teams.slice(1) : null };
  return admin;
}

function splitName(name: string): { first: string; last: string } {
  const [first, ...rest] = name.split(" ");
  return { first: first ?? "", last: rest.join(" ") };
}

/** The intercom_* values a previous sync would have written for this admin. */
function syncedFields(a: IntercomAdmin): Record<string, unknown> {
  const out: Record<string, unknown> = {
    intercom_id: a.id,
    intercom_type: a.type,
    intercom_away_mode_enabled: a.away_mode_enabled,
    intercom_away_mode_reassign: a.away_mode_reassign,
    intercom_has_inbox_seat: a.has_inbox_seat,
    intercom_version: "2.11",
    intercom_sync_time: SYNC_TIME,
  };
  if (a.avatar?.image_url) out.intercom_avatar = a.avatar.image_url;
  const primary = a.team_priority_level?.primary_team_ids;
  if (primary && primary.length > 0) out.intercom_primary_team_ids = primary.join(",");
  return out;
}

function toPerson(row: Row, admin: IntercomAdmin): Partial<OomnitzaUser> {
  const o = row.oomnitza as NonNullable<Row["oomnitza"]>;
  const { first, last } = splitName(row.name);
  const person: Partial<OomnitzaUser> = {
    // As the sync creates people: the username is the email (in Oomnitza's spelling).
    username: o.email,
    email: o.email,
    first_name: o.first ?? first,
    last_name: o.last ?? last,
    position: o.position === undefined ? (admin.job_title ?? null) : o.position,
  };
  if (o.intercom === "synced") Object.assign(person, syncedFields(admin));
  if (o.lastLogin !== undefined) person.intercom_last_login = new Date(Date.now() - o.lastLogin * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
  if (o.intercom === "partial") Object.assign(person, { intercom_id: admin.id, intercom_type: "admin", intercom_has_inbox_seat: !admin.has_inbox_seat });
  return person;
}

/**
 * About 40 admins and 300 Oomnitza people (the demo's seeded data): 15 admins
 * already in Oomnitza (some with their email in other letter case, some with a stale
 * name or position, some partly or fully synced), 20 new ones, a legacy team entry, an
 * admin without email, two admins sharing one email, and one admin whose email matches
 * two Oomnitza people.
 */
export function demoDataset(seed = 1): { admins: IntercomAdmin[]; users: Array<Partial<OomnitzaUser>> } {
  const rows = [...EXISTING, ...NEW, ...EDGE];
  const admins = rows.map(toAdmin);
  // The team entry sits in the middle of the list, where a careless client would trip on it.
  admins.splice(20, 0, legacyTeam(TEAM_IDS[0] as number, admins.slice(0, 4).map((a) => Number(a.id))));

  const known = EXISTING.map((row, i) => toPerson(row, admins[i] as IntercomAdmin));
  const ambiguous: Array<Partial<OomnitzaUser>> = [
    { username: "staylor", email: "sam.taylor@example.com", first_name: "Sam", last_name: "Taylor", position: "Customer Support Specialist" },
    { username: "sam.taylor.contractor", email: "Sam.Taylor@example.com", first_name: "Samantha", last_name: "Taylor", position: "Contractor" },
  ];
  const avoid = new Set(rows.map((r) => (r.email ?? "").toLowerCase()).filter(Boolean));
  const others = generateUsers(300 - known.length - ambiguous.length, seed, { avoidEmails: avoid });
  // Spread the admins' people through the list so they land on different pages.
  const users: Array<Partial<OomnitzaUser>> = [];
  const special = [...known, ...ambiguous];
  others.forEach((u, i) => {
    if (i % 17 === 3 && special.length > 0) users.push(special.shift() as Partial<OomnitzaUser>);
    users.push(u);
  });
  users.push(...special);
  return { admins, users };
}
