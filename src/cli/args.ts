import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line that could not be read; the message names the flag and the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs in strict mode: an unknown flag (`--jsno`) or a missing value is a UsageError
 * naming it and the usage line, rather than being silently ignored.
 */
export function readArgs<T extends Options>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new UsageError(`${detail}\nUsage: ${usage}`, { cause });
  }
}

/** A file named on the command line that cannot be read or parsed; the message names the file. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}
