/**
 * `npm run eval -- [questions.jsonl] [--json]`: retrieval and answer quality on a question set
 * (default eval/dev-questions.jsonl), in whatever mode .env selects.
 */
import 'dotenv/config';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openGuideForCli } from './open-guide.js';
import { readArgs } from './args.js';
import { reportFailure } from './report-failure.js';
import { evaluate, formatReport, loadEvalQuestions } from './evaluate.js';

const say = (line: string) => process.stderr.write(`${line}\n`);
const json = process.argv.includes('--json');

try {
  const { positionals } = readArgs(
    process.argv.slice(2),
    { json: { type: 'boolean', default: false } },
    'npm run eval -- [questions.jsonl] [--json]',
  );
  const file = positionals[0] ?? 'eval/dev-questions.jsonl';
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  const questions = await loadEvalQuestions(file);
  const guide = await openGuideForCli(config, logger, say);
  const mode =
    config.ANSWER_MODE === 'llm' ? `llm (${config.LLM_PROVIDER}:${config.LLM_MODEL})` : 'extractive';
  // Time answers as the bot serves them: its answer sentences are embedded once, before any question.
  const warmed = await guide.warmUp();
  say(`Embedded ${warmed} answer sentences before timing (as the bot does at start).`);
  const report = await evaluate(guide, questions, file, `${mode}, embeddings ${config.EMBEDDINGS_PROVIDER}`);
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
} catch (error) {
  reportFailure(error, json, say);
}
