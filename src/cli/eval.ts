/**
 * `npm run eval -- [questions.jsonl] [--json]`: retrieval and answer quality on a question set
 * (default eval/dev-questions.jsonl), in whatever mode .env selects.
 */
import 'dotenv/config';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { describeFailure, openGuideForCli } from './open-guide.js';
import { evaluate, formatReport, loadEvalQuestions } from './evaluate.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const file = args.find((a) => !a.startsWith('--')) ?? 'eval/dev-questions.jsonl';
const say = (line: string) => process.stderr.write(`${line}\n`);

try {
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
  say(describeFailure(error));
  process.exitCode = 1;
}
