import { describe, expect, it } from "vitest";
import { demoDataset, generateAdmins, generatedDataset, generateUsers } from "../../emulators/data/index.js";

const lower = (s: unknown) => String(s ?? "").trim().toLowerCase();

describe("generators", () => {
  it("are deterministic for a seed and differ between seeds", () => {
    expect(generateAdmins(20, 7)).toEqual(generateAdmins(20, 7));
    expect(generateAdmins(20, 7)).not.toEqual(generateAdmins(20, 8));
    expect(generateUsers(20, 7)).toEqual(generateUsers(20, 7));
    expect(demoDataset(3)).toEqual(demoDataset(3));
  });

  it("give admins realistic variety", () => {
    const admins = generateAdmins(300, 1, { legacyTeam: true });
    const real = admins.filter((a) => a.type === "admin");
    expect(real).toHaveLength(300);
    expect(new Set(real.map((a) => a.id)).size).toBe(300);
    expect(new Set(real.map((a) => lower(a.email))).size).toBe(300);
    expect(real.some((a) => a.job_title === undefined)).toBe(true);
    expect(real.some((a) => a.avatar === null)).toBe(true);
    expect(real.some((a) => !("avatar" in a))).toBe(true);
    expect(real.some((a) => a.away_mode_enabled)).toBe(true);
    expect(real.some((a) => !a.has_inbox_seat)).toBe(true);
    expect(real.some((a) => a.team_priority_level)).toBe(true);
    expect(real.some((a) => /[^\x00-\x7f]/.test(a.name))).toBe(true);
    expect(admins.filter((a) => a.type === "team")).toEqual([expect.objectContaining({ email: null })]);
  });

  it("generatedDataset overlaps admins and people without accidental duplicates", () => {
    const { admins, users } = generatedDataset(200, 1000, 2);
    expect(users).toHaveLength(1000);
    const adminEmails = new Set(admins.map((a) => lower(a.email)));
    const matches = users.filter((u) => adminEmails.has(lower(u.email)));
    expect(matches.length).toBeGreaterThan(60);
    expect(matches.length).toBeLessThan(140);
    const perEmail = new Map<string, number>();
    for (const u of users) if (u.email) perEmail.set(lower(u.email), (perEmail.get(lower(u.email)) ?? 0) + 1);
    expect([...perEmail.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(users.map((u) => lower(u.username))).size).toBe(1000);
  });
});

describe("demoDataset", () => {
  const { admins, users } = demoDataset();
  const real = admins.filter((a) => a.type === "admin");
  const byEmail = (e: string) => users.filter((u) => lower(u.email) === lower(e));

  it("has about 40 admins and 300 people", () => {
    expect(admins).toHaveLength(40);
    expect(users).toHaveLength(300);
    expect(new Set(users.map((u) => lower(u.username))).size).toBe(300);
  });

  it("holds the edge cases the sync must skip", () => {
    expect(admins.filter((a) => a.type === "team")).toEqual([expect.objectContaining({ email: null })]);
    expect(real.filter((a) => a.email === "")).toHaveLength(1);
    const counts = new Map<string, number>();
    for (const a of real) if (a.email) counts.set(lower(a.email), (counts.get(lower(a.email)) ?? 0) + 1);
    const dups = [...counts].filter(([, n]) => n > 1);
    expect(dups).toEqual([["chris.morgan@example.com", 2]]);
    const ambiguous = real.filter((a) => a.email && byEmail(a.email).length > 1);
    expect(ambiguous.map((a) => a.email)).toEqual(["sam.taylor@example.com"]);
    expect(new Set(byEmail("sam.taylor@example.com").map((u) => u.username)).size).toBe(2);
  });

  it("has 15 admins already in Oomnitza (some in other letter case) and 20 new ones", () => {
    const clean = real.filter((a) => a.email && counts1(a.email));
    function counts1(e: string) {
      return real.filter((b) => lower(b.email) === lower(e)).length === 1;
    }
    const existing = clean.filter((a) => byEmail(a.email as string).length === 1);
    const fresh = clean.filter((a) => byEmail(a.email as string).length === 0);
    expect(existing).toHaveLength(15);
    expect(fresh).toHaveLength(20);
    const ada = byEmail("ada.lovelace@example.com")[0];
    expect(ada).toMatchObject({ username: "Ada.Lovelace@Example.com", email: "Ada.Lovelace@Example.com" });
    expect(existing.filter((a) => byEmail(a.email as string)[0]?.email !== a.email).length).toBeGreaterThanOrEqual(3);
    for (const a of existing) expect(byEmail(a.email as string)[0]?.username).toBe(byEmail(a.email as string)[0]?.email);
    expect(users.some((u) => "intercom_id" in u)).toBe(true);
    expect(users.filter((u) => "intercom_sync_time" in u).length).toBeLessThan(15);
  });

  it("has the variety of real admins", () => {
    expect(real.some((a) => a.job_title === undefined)).toBe(true);
    expect(real.some((a) => a.avatar === null)).toBe(true);
    expect(real.some((a) => !("avatar" in a))).toBe(true);
    expect(real.some((a) => a.away_mode_enabled && a.away_mode_reassign)).toBe(true);
    expect(real.some((a) => !a.has_inbox_seat)).toBe(true);
    expect(real.some((a) => a.team_priority_level?.primary_team_ids?.length)).toBe(true);
    for (const n of ["Zoë Müller", "José Álvarez", "Łukasz Nowak"]) expect(real.map((a) => a.name)).toContain(n);
    expect(new Set(real.map((a) => String(a.email).split("@")[1])).size).toBeGreaterThanOrEqual(3);
  });
});
