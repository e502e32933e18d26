/** A mistake on the command line or in the config file: exit 2, nothing was read or written. */
export class UsageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? (problems[0] as string) : `${problems.length} problems:\n${problems.map((p) => `- ${p}`).join("\n")}`);
    this.name = "UsageError";
  }
}
