/** A person as the Oomnitza emulator stores them (v3 field names; custom fields too). */
export interface OomnitzaUser {
  user_id: string;
  username: string;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  full_name?: string | null;
  position?: string | null;
  [field: string]: unknown;
}

/** What the caller's token says about who is writing. */
export interface Actor {
  username: string;
}
