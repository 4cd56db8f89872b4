/**
 * `npm run ask -- "question"`: answer one question from the guide, with its sources.
 *   --json           print one JSON object (answer, grounded, citations, ...)
 *   --json --stdin   read one question per line, write one JSON object per line, in order
 *   (no question)    an interactive prompt that answers line after line
 */
import 'dotenv/config';
import { createInterface } from 'node:readline';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openGuideForCli } from './open-guide.js';
import { formatAnswerForTerminal, toJsonAnswer } from './format-answer.js';
import { readArgs } from './args.js';
import { reportFailure } from './report-failure.js';

const say = (line: string) => process.stderr.write(`${line}\n`);
const json = process.argv.includes('--json');

try {
  const { values, positionals: positional } = readArgs(
    process.argv.slice(2),
    { json: { type: 'boolean', default: false }, stdin: { type: 'boolean', default: false } },
    'npm run ask -- [--json] [--stdin] ["question"]',
  );
  const fromStdin = values.stdin;
  const question = positional.join(' ');
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  const guide = await openGuideForCli(config, logger, say);

  if (fromStdin || (positional.length === 0 && !process.stdin.isTTY)) {
    // One question per line; answers are written in the order the questions came.
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line.trim() && !json) continue;
      const result = await guide.answer(line);
      process.stdout.write(
        json ? `${JSON.stringify(toJsonAnswer(result))}\n` : `${formatAnswerForTerminal(result)}\n\n`,
      );
    }
  } else if (positional.length > 0) {
    const result = await guide.answer(question);
    process.stdout.write(
      json ? `${JSON.stringify(toJsonAnswer(result))}\n` : `${formatAnswerForTerminal(result)}\n`,
    );
  } else {
    const prompt = createInterface({
      input: process.stdin,
      output: process.stdout,
      prompt: 'Ask the guide> ',
    });
    say('Ask a question about the guide (Ctrl-D to quit).');
    prompt.prompt();
    for await (const line of prompt) {
      if (line.trim()) {
        const result = await guide.answer(line);
        process.stdout.write(
          `${json ? JSON.stringify(toJsonAnswer(result)) : formatAnswerForTerminal(result)}\n\n`,
        );
      }
      prompt.prompt();
    }
  }
} catch (error) {
  reportFailure(error, json, say);
}
