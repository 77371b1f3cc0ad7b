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
