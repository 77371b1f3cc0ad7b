/** A user mistake on the command line: printed as one line, exit code 1, nothing written. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** `--help` or `-h` among a command's arguments: its usage is printed instead of running it. */
export class HelpRequested extends Error {
  constructor(
    readonly command: string,
    /** The command's options, for a usage line when no written one exists. */
    readonly optionNames: readonly string[],
  ) {
    super(`veille ${command} --help`);
    this.name = 'HelpRequested';
  }
}
