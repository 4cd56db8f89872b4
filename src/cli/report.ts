/**
 * `npm run report [-- --json] [-- --limit N]`: questions the guide could not answer and answers voted
 * down, most frequent first, from the bot's database (DATABASE_URL, or DATABASE_PATH). A bad flag, a bad
 * setting or a database that cannot be opened is one line on stderr (and a JSON error with --json).
 */
import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { loadConfig } from '../config.js';
import { formatReport } from '../store/report.js';
import { createStoreFromConfig } from '../store/create-store.js';
import { readArgs, UsageError } from './args.js';
import { reportFailure } from './report-failure.js';

const USAGE = 'npm run report -- [--json] [--limit N]';
const say = (line: string) => process.stderr.write(`${line}\n`);
const json = process.argv.includes('--json');

async function main(): Promise<void> {
  const { values } = readArgs(
    process.argv.slice(2),
    { json: { type: 'boolean', default: false }, limit: { type: 'string', default: '20' } },
    USAGE,
  );
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(`--limit must be a whole number from 1, not "${values.limit}"\nUsage: ${USAGE}`);
  }
  dotenv.config({ quiet: true });
  const config = loadConfig(process.env);
  if (!config.DATABASE_URL && !existsSync(config.DATABASE_PATH)) {
    say(
      `No database at ${config.DATABASE_PATH} yet: start the bot (npm start) and let it answer some questions first.`,
    );
    process.exitCode = 1;
    return;
  }
  const store = await createStoreFromConfig(config);
  try {
    const report = {
      unanswered: await store.unansweredQuestions(limit),
      downvoted: await store.downvotedAnswers(limit),
    };
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatReport(report));
  } finally {
    await store.close();
  }
}

await main().catch((error: unknown) => reportFailure(error, json, say));
