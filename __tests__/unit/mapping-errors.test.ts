import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError } from "../../src/settings/index.js";

const base = { "intercom-token": "ic_test_token_abcdef", "oomnitza-url": "https://acme.oomnitza.com", "oomnitza-token": "oz_test_token_abcdef" };

/** Each bad mapping or filter, and what its message must say (path and what is allowed). */
const BAD: Array<[string, { mapping?: string; filter?: string }, RegExp]> = [
  ["unknown transform", { mapping: "extends: default\nfields:\n  position: { source: job_title, transform: titlecase }" }, /fields\.position\.transform: unknown transform "titlecase"; allowed: lowercase, uppercase, trim, first-word, rest-words, join, date/],
  ["unknown source", { mapping: "extends: default\nfields:\n  position: jobtitle" }, /fields\.position: unknown source "jobtitle" \(did you mean job_title\?\); allowed: avatar, .*job_title/],
  ["unknown source in object", { mapping: "extends: default\nfields:\n  position: { source: title }" }, /fields\.position\.source: unknown source "title"; allowed:/],
  ["unknown rule key", { mapping: "extends: default\nfields:\n  position: { source: job_title, when: create }" }, /fields\.position\.when: unknown key; allowed: source, value, transform, on, if-empty/],
  ["bad on", { mapping: "extends: default\nfields:\n  position: { source: job_title, on: sometimes }" }, /fields\.position\.on: "sometimes" is not allowed; allowed: always, create, change/],
  ["bad if-empty", { mapping: "extends: default\nfields:\n  position: { source: job_title, if-empty: blank }" }, /fields\.position\.if-empty: "blank" is not allowed; allowed: keep, clear/],
  ["source and value", { mapping: "extends: default\nfields:\n  position: { source: job_title, value: x }" }, /fields\.position: give either source or value, not both/],
  ["neither source nor value", { mapping: "extends: default\nfields:\n  position: { on: create }" }, /fields\.position: needs source \(one of .*\) or value/],
  ["value of a wrong type", { mapping: "extends: default\nfields:\n  position: { value: [1, 2] }" }, /fields\.position\.value: must be a string, number or boolean, got a list/],
  ["unknown top-level key", { mapping: "extends: default\nfeilds:\n  email: email" }, /feilds: unknown key \(did you mean fields\?\); allowed: fields, filter, extends/],
  ["bad extends", { mapping: "extends: mine\nfields:\n  email: email" }, /extends: "mine" is not allowed; allowed: default/],
  ["fields not an object", { mapping: "fields: [email]" }, /fields: must be an object of <oomnitza field>: <rule>, got a list/],
  ["user_id mapped", { mapping: "extends: default\nfields:\n  user_id: id" }, /fields\.user_id: user_id is Oomnitza's own id and cannot be mapped/],
  ["bad field name", { mapping: "extends: default\nfields:\n  'job title': job_title" }, /fields\.job title: "job title" is not a valid Oomnitza field name/],
  ["YAML syntax error with line and column", { mapping: "fields:\n  email: [email\n  name: name" }, /not valid YAML at line \d+, column \d+/],
  ["YAML alias bomb", { mapping: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nfields: *c" }, /mapping: not valid here: its aliases \(\*name\) expand past 100 nodes, as a YAML "billion laughs" bomb does/],
  ["alias without anchor", { mapping: "extends: default\nfields: *nowhere" }, /mapping: not valid YAML: an alias \(\*name\) refers to no anchor/],
  ["YAML error never quotes the text", { mapping: 'extends: default\nfields:\n  department: { value: "tok-123456\\q" }' }, /^(?![\s\S]*tok-123456)[\s\S]*not valid YAML at line 3, column \d+ \(an invalid escape in a double-quoted value[;)]/],
  ["mapping over 1 MiB", { mapping: `extends: default\n${"#".repeat(1024 * 1024)}` }, /mapping: it is 1025 KiB; allowed: up to 1024 KiB/],
  ["an access-control field without the opt-in", { mapping: "extends: default\nfields:\n  role: { value: 2, on: create }" }, /mapping: fields\.role: writes an Oomnitza access-control field \(who may sign in and what they may do\); to write it on purpose, add "allow-access-fields: \[role\]" at the top of the mapping, or remove the rule/],
  ["a password without the opt-in", { mapping: "extends: default\nallow-access-fields: [role]\nfields:\n  password: { value: Welcome1 }" }, /fields\.password: writes an Oomnitza access-control field/],
  ["an opt-in naming a field that is not about access", { mapping: "extends: default\nallow-access-fields: [position]" }, /allow-access-fields\[0\]: "position" is not an access-control field; allowed: role, roles, permissions, groups, password, suspended, api_token/],
  ["filter not a list", { filter: "include: { email: { equals: x } }" }, /filter: filter: must be a list of rules/],
  ["filter with two modes", { filter: "- include: { email: { equals: x } }\n  exclude: { email: { equals: y } }" }, /filter\[0\]: must have exactly one key, include or exclude; got include, exclude/],
  ["filter unknown source", { filter: "- include: { mail: { equals: x } }" }, /filter\[0\]\.include\.mail: unknown source "mail" \(did you mean email\?\); allowed: avatar/],
  ["filter unknown test", { filter: "- exclude: { email: { contains: bot } }" }, /filter\[0\]\.exclude\.email\.contains: unknown test; allowed: equals, in, matches, empty/],
  ["filter bad regex", { filter: "- exclude: { email: { matches: '([' } }" }, /filter\[0\]\.exclude\.email\.matches: "\(\[" is not a valid regular expression/],
  ["filter with a backreference (RE2 has none: it matches in linear time)", { filter: "- exclude: { name: { matches: '(a)\\1' } }" }, /filter\[0\]\.exclude\.name\.matches: "\(a\)\\\\1" is not a valid regular expression \(invalid escape sequence: `\\1`; patterns use RE2 syntax, which matches in linear time and so has no backreferences or lookaround\)/],
  ["filter pattern over 1000 characters", { filter: `- exclude: { name: { matches: '${"a".repeat(1001)}' } }` }, /filter\[0\]\.exclude\.name\.matches: "a+…" is not a valid regular expression \(it is 1001 characters long; allowed: up to 1000\)/],
  ["filter empty not boolean", { filter: "- exclude: { job_title: { empty: maybe } }" }, /filter\[0\]\.exclude\.job_title\.empty: must be true or false, got "maybe"/],
  ["filter in not a list", { filter: "- include: { team_ids: { in: 5 } }" }, /filter\[0\]\.include\.team_ids\.in: must be a non-empty list/],
  ["filter inside the mapping file", { mapping: "extends: default\nfilter:\n  - include: { has_inbox_seat: { eq: true } }" }, /mapping: filter\[0\]\.include\.has_inbox_seat\.eq: unknown test; allowed: equals, in, matches, empty/],
  ["a mistyped key suggests the right one (extend:)", { mapping: "extend: default\nfields:\n  email: email" }, /extend: unknown key \(did you mean extends\?\); allowed: fields, filter, extends/],
  ["a mistyped on value suggests the right one (creat)", { mapping: "extends: default\nfields:\n  position: { source: job_title, on: creat }" }, /fields\.position\.on: "creat" is not allowed \(did you mean create\?\); allowed: always, create, change/],
  ["a mistyped source suggests the right one (job_titel)", { mapping: "extends: default\nfields:\n  position: job_titel" }, /fields\.position: unknown source "job_titel" \(did you mean job_title\?\)/],
  ["a value that looks like a token is named by its size, never quoted", { mapping: "extends: default\nfields:\n  position: { source: ghp_Zx81kQ2vLm0pR7sT }" }, /^(?![\s\S]*ghp_Zx81)[\s\S]*fields\.position\.source: unknown source a text of 20 characters; allowed:/],
  ["a .env file given as the mapping is named by its size, never quoted", { mapping: "OOMNITZA_TOKEN=oz_live_8f3k2m9x\nINTERCOM_TOKEN=dG9rOmFiYzEyMw==" }, /^(?![\s\S]*oz_live)(?![\s\S]*dG9r)[\s\S]*the mapping must be an object with "fields:".*got a text of \d+ characters$/],
];

describe("mapping and filter mistakes", () => {
  for (const [name, raw, expected] of BAD) {
    it(name, () => {
      let error: unknown;
      try {
        parseSettings({ ...base, ...raw }, { cwd: process.cwd() });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as SettingsError).message).toMatch(expected);
    });
  }
});

describe("the default mapping", () => {
  it("is the same document whether read from its YAML or taken as it is (a run with it loads no YAML parser)", async () => {
    const { parse } = await import("yaml");
    const { DEFAULT_MAPPING_DOC, DEFAULT_MAPPING_YAML } = await import("../../src/sync/mapping.js");
    expect(DEFAULT_MAPPING_DOC).toEqual(parse(DEFAULT_MAPPING_YAML));
  });
});
