import { isPipelineError } from '../core/errors.js';
import { describeFailure } from './open-guide.js';
import { UsageError } from './args.js';
import { isStoreError } from '../store/errors.js';

/**
 * Ends a command-line tool that failed: one sentence on stderr (never a stack trace), and with `--json`
 * also `{"error": {"code", "message"}}` on stdout so a script reading stdout sees the failure.
 * Exit code 2 for a bad command line, 1 otherwise.
 */
export function reportFailure(error: unknown, json: boolean, say: (line: string) => void): void {
  const message = error instanceof UsageError ? error.message : describeFailure(error);
  say(message);
  if (json) {
    const code =
      isPipelineError(error) || isStoreError(error)
        ? error.code
        : error instanceof UsageError
          ? 'USAGE'
          : error instanceof Error && error.name === 'ConfigError'
            ? 'CONFIG'
            : 'UNEXPECTED';
    process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
  }
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
