import { createServer, type AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isPipelineError } from '../../src/core/errors.js';
import { createSilentLogger } from '../../src/logger.js';
import { explainStartFailure } from '../../src/ops/explain-start-failure.js';
import { createAnswerWriter } from '../../src/providers/chat/create-answer-writer.js';
import { createEmbeddings } from '../../src/providers/embeddings/create-embeddings.js';

/**
 * A model server that is not running: the failure an operator reads names the setting that points at
 * it (OLLAMA_BASE_URL, OPENAI_BASE_URL) and its value, for embeddings and for model-written answers.
 */
let closedUrl: string;

beforeAll(async () => {
  // A port that was free a moment ago: nothing listens there.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  closedUrl = `http://127.0.0.1:${port}`;
});

const passage = {
  heading: 'Salary',
  headingPath: 'Salary',
  anchor: 'salary',
  source: 'guide.md',
  chunkId: 'c1',
  text: 'Assistants earn about $40,000 a year.',
  score: 1,
};

describe('an unreachable model server', () => {
  it('Ollama embeddings name OLLAMA_BASE_URL', async () => {
    const config = loadConfig({
      EMBEDDINGS_PROVIDER: 'ollama',
      OLLAMA_BASE_URL: closedUrl,
      EMBEDDINGS_MAX_RETRIES: '0',
    });
    const error: unknown = await createEmbeddings(config, createSilentLogger())
      .embedQuery('salary')
      .catch((e: unknown) => e);
    expect(isPipelineError(error, 'EMBEDDINGS_FAILED')).toBe(true);
    expect((error as Error).message).toContain(
      `could not reach the model server (OLLAMA_BASE_URL=${closedUrl})`,
    );
    // What `npm start` prints when this happens at start-up.
    expect(explainStartFailure(error, config)).toContain(`OLLAMA_BASE_URL=${closedUrl}`);
  });

  it('an Ollama answer writer names OLLAMA_BASE_URL', async () => {
    const config = loadConfig({
      ANSWER_MODE: 'llm',
      LLM_PROVIDER: 'ollama',
      LLM_MODEL: 'llama3.2',
      OLLAMA_BASE_URL: closedUrl,
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '5000',
    });
    const writer = createAnswerWriter(config, createSilentLogger());
    const error: unknown = await writer!
      .write({ question: 'How much do they earn?', passages: [passage] })
      .catch((e: unknown) => e);
    expect(isPipelineError(error, 'LLM_FAILED')).toBe(true);
    expect((error as Error).message).toContain(`OLLAMA_BASE_URL=${closedUrl}`);
  });

  it('OpenAI-compatible embeddings name OPENAI_BASE_URL', async () => {
    const config = loadConfig({
      EMBEDDINGS_PROVIDER: 'openai',
      OPENAI_BASE_URL: `${closedUrl}/v1`,
      EMBEDDINGS_MAX_RETRIES: '0',
    });
    const error: unknown = await createEmbeddings(config, createSilentLogger())
      .embedQuery('salary')
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(`OPENAI_BASE_URL=${closedUrl}/v1`);
  });
});
