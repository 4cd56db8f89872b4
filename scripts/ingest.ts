/**
 * `npm run ingest [-- --json]`: builds the index from CORPUS_DIR into INDEX_DIR (src/ingest/command.ts).
 * Progress goes to stderr on a terminal; the summary to stdout (one JSON object with --json).
 *
 * Exit codes: 0 built; 1 failed (one line naming the setting or file; the previous index is
 * unchanged); 2 bad command line; 130 / 143 stopped by SIGINT (Ctrl-C) / SIGTERM, after removing the
 * unfinished build and the lock.
 *
 * Run it with `node --import tsx`, not the tsx CLI: the CLI relays a signal and SIGKILLs the child when
 * it does not acknowledge within ~60 ms, which a child busy in the sentence encoder cannot do, so the
 * lock and the temporary build were left behind.
 */
import { constants } from 'node:os';
import dotenv from 'dotenv';
import { PipelineError } from '../src/core/errors.js';
import { runIngestCommand } from '../src/ingest/command.js';

dotenv.config({ quiet: true });

const controller = new AbortController();
let received: NodeJS.Signals | undefined;
const stop = (signal: NodeJS.Signals) => {
  // npm forwards the terminal's Ctrl-C to the script, which got it already: one stop is enough. The
  // run ends at the next batch (seconds at most); the lock and the temporary build are removed.
  if (received) return;
  received = signal;
  controller.abort(
    new PipelineError(
      'INGEST_INTERRUPTED',
      `Interrupted by ${signal}; nothing was written and the previous index still serves.`,
    ),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const code = await runIngestCommand({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
process.exitCode = received && code !== 0 ? 128 + constants.signals[received] : code;
