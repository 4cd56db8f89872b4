import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../src/config.js';

/**
 * A flag or setting the bench cannot run with. Its message is one line that names the flag; the
 * entry points print it without a stack trace and exit 2.
 */
export class BenchSettingError extends Error {
  override readonly name = 'BenchSettingError';
}

/** Flag definitions in `node:util` parseArgs form. */
export type FlagOptions = Record<
  string,
  { type: 'string'; default?: string } | { type: 'boolean'; default?: boolean; short?: string }
>;

/**
 * Parses `argv` strictly: an unknown flag, a missing value or a stray argument is a BenchSettingError
 * that names it and lists the accepted flags.
 */
export function parseFlags<const T extends FlagOptions>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      // Node's message adds advice about positionals after the first sentence; the first sentence names the flag.
      const first = (error as Error).message.split(/\.\s/)[0]!.replace(/\.$/, '');
      const accepted = Object.keys(options)
        .map((name) => `--${name}`)
        .join(' ');
      throw new BenchSettingError(`${first}. Accepted flags: ${accepted}`);
    }
    throw error;
  }
}

/** A whole number of at least `min`, or a BenchSettingError naming `--flag`. */
export function wholeNumber(flag: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
    throw new BenchSettingError(`--${flag} must be a whole number >= ${min} (got "${raw}")`);
  }
  return value;
}

/** One of `allowed`, or a BenchSettingError naming `--flag`. */
export function oneOf<const T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new BenchSettingError(`--${flag} must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

/** A comma-separated list of values from `allowed` (at least one), or a BenchSettingError naming `--flag`. */
export function listOf<const T extends string>(flag: string, raw: string, allowed: readonly T[]): T[] {
  const values = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (values.length === 0)
    throw new BenchSettingError(`--${flag} needs at least one of ${allowed.join(', ')}`);
  return [...new Set(values.map((value) => oneOf(flag, value, allowed)))];
}

/**
 * Runs an entry point: a bad flag (BenchSettingError) or a bad .env setting (ConfigError) prints one
 * line and exits 2; anything else is a real failure and keeps its stack.
 */
export async function runEntry(name: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof BenchSettingError || error instanceof ConfigError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** An entry point's header comment (the file at `moduleUrl`), as `--help` text. */
export function describeUsage(moduleUrl: string): string {
  const source = readFileSync(fileURLToPath(moduleUrl), 'utf8');
  const header = /^\/\*\*\n([\s\S]*?)\n \*\//.exec(source)?.[1] ?? '';
  return `${header.replace(/^ \* ?/gm, '')}\n`;
}
