/**
 * `npm run report [-- --json] [-- --limit N]`: questions the guide could not answer and answers voted
 * down, most frequent first, from the bot's database (DATABASE_URL, or DATABASE_PATH).
 */
import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { loadConfig } from '../config.js';
import { formatReport } from '../store/report.js';
import { createStoreFromConfig } from '../store/create-store.js';

dotenv.config({ quiet: true });
const config = loadConfig(process.env);
const json = process.argv.includes('--json');
const limitArg = process.argv.indexOf('--limit');
const limit = limitArg >= 0 ? Number(process.argv[limitArg + 1]) : 20;

if (!config.DATABASE_URL && !existsSync(config.DATABASE_PATH)) {
  process.stderr.write(
    `No database at ${config.DATABASE_PATH} yet: start the bot (npm start) and let it answer some questions first.\n`,
  );
  process.exitCode = 1;
} else {
  const store = await createStoreFromConfig(config);
  try {
    const report = {
      unanswered: await store.unansweredQuestions(limit),
      downvoted: await store.downvotedAnswers(limit),
    };
    process.stdout.write(json ? `${JSON.stringify(report)}\n` : formatReport(report));
  } finally {
    await store.close();
  }
}
