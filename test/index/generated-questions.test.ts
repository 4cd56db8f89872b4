import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  readQuestionEntry,
  readGeneratedQuestions,
  writeGeneratedQuestions,
  type GeneratedSection,
} from '../../src/index/generated-questions.js';
import { INDEX_LAYOUT } from '../../src/index/layout.js';
import { makeTempDir } from '../ingest/helpers.js';

const section: GeneratedSection = {
  source: 'guide.md',
  anchor: 'rise',
  heading: 'How long does the dough need to rise?',
  textHash: 'abc',
  model: 'fake:model',
  questions: [
    { q: 'How long is bulk fermentation?', answer: 'Bulk fermentation takes four to six hours.' },
    'Can I skip the folds?',
  ],
};

describe("a build's generated questions", () => {
  let tmp: { dir: string; cleanup: () => void } | undefined;
  afterEach(() => tmp?.cleanup());

  it('keeps questions with and without an answer sentence, and reads both forms as the retriever does', async () => {
    tmp = makeTempDir('guidebot-generated-');
    expect(await writeGeneratedQuestions(tmp.dir, [section])).toBe(2);
    const [read] = await readGeneratedQuestions(tmp.dir);
    expect(read).toEqual(section);
    expect(read!.questions.map(readQuestionEntry)).toEqual([
      { question: 'How long is bulk fermentation?', answer: 'Bulk fermentation takes four to six hours.' },
      { question: 'Can I skip the folds?' },
    ]);
  });

  it('names the file when an entry is neither a question nor a question with its answer', async () => {
    tmp = makeTempDir('guidebot-generated-');
    const file = path.join(tmp.dir, INDEX_LAYOUT.generatedQuestions);
    writeFileSync(file, JSON.stringify({ version: 1, sections: [{ ...section, questions: [{ q: 'x?' }] }] }));
    await expect(readGeneratedQuestions(tmp.dir)).rejects.toThrow(file);
  });
});
