/**
 * The baseline: what a typical sync script does. It reads the admins once, then for
 * each admin looks the person up with a filtered query by email and sends one create
 * or one update, one admin at a time. It is given the same mapping and change
 * detection as the engine (it skips unchanged people), so it sends no more writes than
 * we do: the comparison is about the lookups and the lack of parallelism.
 */
import { cleanAdmins } from "../src/intercom/schema.js";
import type { Settings } from "../src/settings/index.js";
import { mapAdmin } from "../src/sync/mapping.js";
import { isoSeconds, type RunContext } from "../src/sync/admin-values.js";
import { valuesEqual } from "../src/sync/values.js";

export interface NaiveRun {
  /** Measured, or (when sampled) the fetch plus the per-admin time × N. */
  wallMs: number;
  /** Requests sent, or (when sampled) 1 + N lookups + the expected writes. */
  requests: number;
  /** Admins actually processed; fewer than N when sampled. */
  processed: number;
  estimated: boolean;
}

export async function runNaive(settings: Settings, options: { sample?: number; expectedWrites: number }): Promise<NaiveRun> {
  const run: RunContext = { intercomVersion: settings.intercomVersion, syncTime: isoSeconds(new Date()) };
  const oomnitza = { Authorization2: settings.oomnitzaToken, Accept: "application/json" };
  let requests = 0;
  const call = async (url: string, init: { method?: string; headers: Record<string, string>; body?: unknown }): Promise<unknown> => {
    requests++;
    const headers = init.body === undefined ? init.headers : { ...init.headers, "Content-Type": "application/json; charset=utf-8" };
    const response = await fetch(url, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`naive baseline: ${init.method ?? "GET"} ${url} answered ${response.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text);
  };

  const started = performance.now();
  const body = (await call(`${settings.intercomUrl}/admins?display_avatar=true`, {
    headers: { Authorization: `Bearer ${settings.intercomToken}`, "Intercom-Version": settings.intercomVersion, Accept: "application/json" },
  })) as { admins: unknown[] };
  const { admins } = cleanAdmins(body.admins);
  const fetched = performance.now();
  const todo = options.sample !== undefined && options.sample < admins.length ? admins.slice(0, options.sample) : admins;

  for (const admin of todo) {
    const filter = `email eq '${admin.email.replace(/'/g, "\\'")}'`;
    const found = (await call(`${settings.oomnitzaUrl}/api/v3/users?${new URLSearchParams({ filter, limit: "2" })}`, { headers: oomnitza })) as Array<Record<string, unknown>>;
    const desired = mapAdmin(settings.mapping, admin, run);
    const user = found[0];
    if (!user) {
      const record = Object.fromEntries(desired.filter((d) => d.value !== null).map((d) => [d.rule.field, d.value]));
      await call(`${settings.oomnitzaUrl}/api/v3/users`, { method: "POST", headers: oomnitza, body: record });
      continue;
    }
    const changed = desired.filter((d) => d.rule.on !== "create" && !(d.value === null && d.rule.ifEmpty === "keep") && !valuesEqual(user[d.rule.field], d.value, d.rule.field === settings.syncKey));
    if (!changed.some((d) => d.rule.on !== "change")) continue;
    await call(`${settings.oomnitzaUrl}/api/v3/users/${encodeURIComponent(String(user.user_id))}`, {
      method: "PATCH",
      headers: oomnitza,
      body: Object.fromEntries(changed.map((d) => [d.rule.field, d.value])),
    });
  }
  const finished = performance.now();

  if (todo.length === admins.length) return { wallMs: finished - started, requests, processed: todo.length, estimated: false };
  const perAdmin = (finished - fetched) / Math.max(1, todo.length);
  return { wallMs: fetched - started + perAdmin * admins.length, requests: 1 + admins.length + options.expectedWrites, processed: todo.length, estimated: true };
}
