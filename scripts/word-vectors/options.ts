import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveSource } from './source.js';
import { UsageError } from './usage-error.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The command line of `build-word-vectors`, checked and resolved. */
export interface Options {
  source: string;
  out: string;
  words: number;
  corpus: string;
}

/** @throws {UsageError} naming the bad flag or value. */
export function parseOptions(argv: string[]): Options {
  let values: { source?: string; out?: string; words?: string; corpus?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        source: { type: 'string' },
        out: { type: 'string' },
        words: { type: 'string' },
        corpus: { type: 'string' },
      },
    }));
  } catch (error) {
    // parseArgs' own message names the bad flag ("Unknown option '--foo'"); add the usage.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `${message}. Usage: build-word-vectors [--source <path>] [--out <dir>] [--words <n>] [--corpus <dir>]`,
    );
  }
  const words = values.words === undefined ? 60_000 : Number(values.words);
  if (!Number.isInteger(words) || words <= 0)
    throw new UsageError(`--words must be a positive integer, got '${values.words}'`);
  return {
    source: resolveSource(values.source),
    out: path.resolve(values.out ?? path.join(ROOT, 'assets', 'word-vectors')),
    words,
    corpus: path.resolve(values.corpus ?? path.join(ROOT, 'corpus')),
  };
}
