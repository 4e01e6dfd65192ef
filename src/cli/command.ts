/** One `gantry` subcommand, in its own file under `commands/`. */
export interface Command {
  /** One line for `gantry help`. */
  summary: string;
  /** Full usage text for `gantry help NAME` and `--help`. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** A bad flag or argument: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
