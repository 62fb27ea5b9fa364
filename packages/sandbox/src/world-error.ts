// A world file that cannot be read or is invalid. The sandbox is built apart from the CLI, so it cannot
// throw the CLI's ConfigError (a second copy of that class would fail the CLI's instanceof check and
// read as an internal error); `eks-login sandbox` turns this into ConfigError (exit 3), same message and hint.
export class WorldError extends Error {
  override readonly name = 'WorldError';
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}
