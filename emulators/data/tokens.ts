/**
 * The made-up tokens the emulators accept unless told otherwise. None of them is a
 * real credential; they are long and distinctive so redaction tests can search for them.
 */
export const DEFAULT_TOKENS = {
  /** Intercom, US region, active: the one the demo and most tests use. */
  intercom: "ic_test_token_emulator_us_0b7e4c1d9a",
  /** Intercom, bound to the EU region. */
  intercomEu: "ic_test_token_emulator_eu_5f20a8c3e1",
  /** Intercom, bound to the AU region. */
  intercomAu: "ic_test_token_emulator_au_7d13b6e9f4",
  /** Intercom, revoked: 401 token_revoked. */
  intercomRevoked: "ic_test_token_revoked_2c9d41a7b8",
  /** Intercom, expired: 401 token_expired. */
  intercomExpired: "ic_test_token_expired_8e6f30b2d5",
  /** Intercom, valid but not allowed to read admins: 403 action_forbidden. */
  intercomForbidden: "ic_test_token_forbidden_4a7c92e1f0",
  /** Oomnitza, the integration user's token with full access. */
  oomnitza: "oom_test_token_emulator_3e8a1f6c2b90d4",
  /** Oomnitza, a user who may read but not write: 403 on POST/PATCH. */
  oomnitzaReadOnly: "oom_test_token_readonly_6b2d9e4f1a7c08",
  /** Oomnitza, a user without API permission: 403 on every call. */
  oomnitzaNoAccess: "oom_test_token_noaccess_9c4e7a2b5d1f36",
} as const;

/** The Oomnitza user behind `DEFAULT_TOKENS.oomnitza`: it appears as created_by / changed_by. */
export const DEFAULT_OOMNITZA_TOKEN_USER = "svc-intercom-sync";
