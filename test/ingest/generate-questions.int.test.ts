import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runIngestCommand } from '../../src/ingest/command.js';
import { INDEX_LAYOUT, buildDirOf, readCurrentBuildId } from '../../src/index/layout.js';
import { readManifest } from '../../src/index/manifest.js';
import { loadIndex } from '../../src/index/read.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../support/fake-openai.js';
import { HashEmbeddings, TINY_CORPUS, copyCorpus, makeTempDir } from './helpers.js';

/**
 * `npm run ingest -- --generate-questions` against the fake OpenAI-compatible server: questions written
 * once per section, checked, stored with the build, carried forward, and read back by `loadIndex`.
 */
const REPLY = [
  '1. What should a complete beginner know first?',
  '2. What should a complete beginner know first?', // a duplicate: dropped
  '3. Is this something I could learn on weekends?',
  '- Any tips for getting started quickly?',
  '- One more question that should not be kept?',
].join('\n');

let fake: FakeOpenAIServer;
let tmp: { dir: string; cleanup: () => void };
let corpusDir: string;
let indexDir: string;

beforeAll(async () => {
  fake = await startFakeOpenAI({ reply: REPLY });
});
afterAll(async () => fake?.close());
beforeEach(() => {
  tmp = makeTempDir('guidebot-generate-');
  corpusDir = copyCorpus(TINY_CORPUS, path.join(tmp.dir, 'corpus'));
  indexDir = path.join(tmp.dir, 'index');
});
afterEach(() => tmp.cleanup());

async function ingest(argv: string[], env: Record<string, string> = { OPENAI_BASE_URL: fake.baseURL }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runIngestCommand({
    argv: ['--json', ...argv],
    env: { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, LOG_LEVEL: 'silent', LLM_MAX_RETRIES: '0', ...env },
    stdout: { write: (text: string) => out.push(text) },
    stderr: { isTTY: false, write: (text: string) => err.push(text) } as unknown as NodeJS.WriteStream,
    createEmbeddings: () => new HashEmbeddings(),
  });
  return { code, output: JSON.parse(out.join('') || '{}'), stderr: err.join('') };
}

type Stored = { sections: { heading: string; textHash: string; model: string; questions: string[] }[] };
const stored = (): Stored =>
  JSON.parse(
    readFileSync(
      path.join(buildDirOf(indexDir, readCurrentBuildId(indexDir)!), INDEX_LAYOUT.generatedQuestions),
      'utf8',
    ),
  ) as Stored;

describe('npm run ingest -- --generate-questions', () => {
  it('writes three checked questions per section once, stores them with the build, and loadIndex reads them', async () => {
    const before = fake.requestsTo('chat').length;
    const first = await ingest(['--generate-questions']);
    expect(first.code).toBe(0);
    const sections = first.output.sections as number;
    expect(fake.requestsTo('chat').length - before).toBe(sections);
    expect(first.output.generatedQuestions).toEqual({
      sections,
      questions: sections * 3,
      generated: sections * 3,
      reused: 0,
      failed: 0,
    });
    const file = stored();
    expect(file.sections[0]).toMatchObject({
      model: 'openai:gpt-4o-mini',
      questions: [
        'What should a complete beginner know first?',
        'Is this something I could learn on weekends?',
        'Any tips for getting started quickly?',
      ],
    });
    expect(file.sections.map((s) => s.heading)).not.toContain('Table of Contents');
    expect(readManifest(indexDir)?.generatedQuestions).toEqual({ sections, count: sections * 3 });
    const prompt = JSON.stringify(fake.requestsTo('chat').at(-1)?.body);
    expect(prompt).toContain('<section heading=');

    const index = await loadIndex(indexDir, new HashEmbeddings());
    expect(index.generatedQuestions).toHaveLength(sections * 3);
    expect(index.sentenceVectors.has('Any tips for getting started quickly?')).toBe(true);

    // Again with the flag: nothing changed, so nothing is asked of the model.
    const again = await ingest(['--generate-questions']);
    expect(again.output.generatedQuestions).toMatchObject({ generated: 0, reused: sections * 3 });
    expect(fake.requestsTo('chat').length - before).toBe(sections);
  });

  it('carries the questions forward without the flag (and without a model), dropping only changed sections', async () => {
    await ingest(['--generate-questions']);
    const honey = path.join(corpusDir, 'beekeeping.md');
    writeFileSync(honey, readFileSync(honey, 'utf8').replace('30 to 60 pounds', '25 to 65 pounds'));
    const before = fake.requestsTo('chat').length;
    const later = await ingest([], {});
    expect(later.code).toBe(0);
    expect(fake.requestsTo('chat').length).toBe(before);
    const headings = stored().sections.map((s) => s.heading);
    expect(headings).not.toContain('How much honey does a hive produce?');
    expect(headings).toContain('What equipment do I need?');
    expect(later.output.generatedQuestions.generated).toBe(0);

    // With the flag, only the changed section is written again.
    const refreshed = await ingest(['--generate-questions']);
    expect(fake.requestsTo('chat').length - before).toBe(1);
    expect(refreshed.output.generatedQuestions).toMatchObject({ generated: 3, failed: 0 });
  });

  it("keeps the build when the model fails for one section: that section goes without, it's counted, the next run retries it", async () => {
    fake.enqueue('chat', { kind: 'status', status: 500, message: 'model overloaded' });
    const result = await ingest(['--generate-questions']);
    expect(result.code).toBe(0);
    const sections = result.output.sections as number;
    expect(result.output.generatedQuestions).toMatchObject({ failed: 1, sections: sections - 1 });
    const retry = await ingest(['--generate-questions']);
    expect(retry.output.generatedQuestions).toMatchObject({ failed: 0, generated: 3, sections });
  });

  it('exits 2 with one line naming the setting when no chat model is configured, building nothing', async () => {
    const result = await ingest(['--generate-questions'], {});
    expect(result.code).toBe(2);
    expect(result.output.error.code).toBe('CHAT_MODEL_MISSING');
    expect(result.output.error.message).toMatch(
      /set OPENAI_BASE_URL .* or OPENAI_API_KEY, or LLM_PROVIDER=ollama/,
    );
    expect(readCurrentBuildId(indexDir)).toBeUndefined();

    const err: string[] = [];
    const code = await runIngestCommand({
      argv: ['--generate-questions'],
      env: { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, LOG_LEVEL: 'silent' },
      stdout: { write: () => true },
      stderr: { isTTY: false, write: (text: string) => err.push(text) } as unknown as NodeJS.WriteStream,
      createEmbeddings: () => new HashEmbeddings(),
    });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(
      /^Ingestion failed: --generate-questions needs a chat model: set OPENAI_BASE_URL[^\n]*\n$/,
    );
  });
});
