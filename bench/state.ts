import type { OomnitzaEmulator, OomnitzaUser } from "../emulators/index.js";

/**
 * A copy of the Oomnitza emulator's people, so that our sync and the naive baseline
 * start a scenario from the same data. Insertion order is kept: it is the listing order.
 */
export type PeopleSnapshot = OomnitzaUser[];

export function snapshotPeople(oomnitza: OomnitzaEmulator): PeopleSnapshot {
  return [...oomnitza.users.values()].map((user) => ({ ...user }));
}

export function restorePeople(oomnitza: OomnitzaEmulator, snapshot: PeopleSnapshot): void {
  oomnitza.users.clear();
  for (const user of snapshot) oomnitza.users.set(user.user_id, { ...user });
}
