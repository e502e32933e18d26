import { didYouMean } from "../sync/shown.js";
import { ENV_PREFIX, INPUT_OPTIONS } from "./options.js";

/**
 * Variables under the tool's own prefix that it does not know. A mistyped one
 * (`IOS_DRYRUN` for `IOS_DRY_RUN`) would be ignored and turn a dry run into a real sync,
 * so a name close to a known one is refused with the right name. Other `IOS_` names are
 * only warned about: the prefix is also iOS tooling's (`IOS_DEPLOYMENT_TARGET`), and a
 * name far from every setting cannot be a typo of one.
 */
export function checkPrefixedVariables(env: NodeJS.ProcessEnv, extra: readonly string[]): { problems: string[]; warnings: string[] } {
  const known = [...INPUT_OPTIONS.map((option) => option.env).filter((name) => name.startsWith(ENV_PREFIX)), ...extra];
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(ENV_PREFIX) || known.includes(name) || env[name] === undefined) continue;
    const shown = name.slice(0, 60);
    const hint = didYouMean(name.slice(ENV_PREFIX.length), known.map((k) => k.slice(ENV_PREFIX.length)));
    if (hint) problems.push(`${shown} (environment) is not a setting of this tool${hint.replace(/did you mean (\S+)\?/, `did you mean ${ENV_PREFIX}$1?`)}; nothing was read or written`);
    else warnings.push(`${shown} is set but is not a setting of this tool; it is ignored`);
  }
  return { problems, warnings };
}
