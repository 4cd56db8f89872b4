import { pino, type Logger } from 'pino';
import { createStderrDestination } from './ops/stderr-destination.js';

export type { Logger };

/** Keys whose values never reach a log line, wherever they appear in a logged object. */
const REDACT_PATHS = [
  'token',
  '*.token',
  'config.DISCORD_TOKEN',
  'DISCORD_TOKEN',
  'OPENAI_API_KEY',
  '*.OPENAI_API_KEY',
  'DATABASE_URL',
  '*.DATABASE_URL',
  'connectionString',
  '*.connectionString',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

/**
 * JSON lines to stderr (stdout stays free for `ask --json`). Secrets are redacted by key. A stderr that
 * nobody reads never blocks exit (see createStderrDestination).
 */
export function createLogger(options: { level: string; name?: string }): Logger {
  return pino(
    {
      name: options.name ?? 'guidebot',
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    createStderrDestination(),
  );
}

/** A logger that writes nothing, for tests and quiet command-line runs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
