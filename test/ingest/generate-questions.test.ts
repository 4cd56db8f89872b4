import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QuestionWriter } from '../../src/core/types.js';
import { collectGeneratedQuestions, sectionsOf } from '../../src/ingest/generate-questions.js';
import { splitMarkdown } from '../../src/ingest/split.js';
import { readFileSync } from 'node:fs';
import { SPLIT, TINY_CORPUS, createRecordingLogger } from './helpers.js';

const chunks = await splitMarkdown(
  readFileSync(path.join(TINY_CORPUS, 'sourdough.md'), 'utf8'),
  'sourdough.md',
  SPLIT,
);

/** A writer that answers from a function and records the headings it was asked about. */
function writer(reply: (heading: string) => string | Error): QuestionWriter & { asked: string[] } {
  const asked: string[] = [];
  return {
    name: 'fake:model',
    asked,
    async write({ heading }) {
      asked.push(heading);
      const result = reply(heading);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}

const GOOD = 'What does a beginner need first?\nHow long will this take me?\nIs it hard to get right?';

describe('collecting generated questions', () => {
  it('asks the model once per section and keeps what passes the checks', async () => {
    const model = writer(() => GOOD);
    const { sections, summary } = await collectGeneratedQuestions({ chunks, previous: [], writer: model });
    expect(model.asked).toEqual(sectionsOf(chunks).map((s) => s.heading));
    expect(sections.every((s) => s.questions.length === 3 && s.model === 'fake:model')).toBe(true);
    expect(summary).toEqual({ sections: 4, questions: 12, generated: 12, reused: 0, failed: 0 });
  });

  it('keeps the answer sentence a question comes with when the section holds it word for word, else the question alone', async () => {
    const model = writer((heading) =>
      heading.startsWith('How long does the dough')
        ? [
            'How long is bulk fermentation? || Bulk fermentation takes four to six hours at 24 °C, with a set of stretch and folds every 30 minutes for the first two hours.',
            'Why proof it in the fridge? || A cold proof makes the bread taste better.',
            'Can I skip the stretch and folds?',
          ].join('\n')
        : GOOD,
    );
    const { sections } = await collectGeneratedQuestions({ chunks, previous: [], writer: model });
    const rise = sections.find((s) => s.heading.startsWith('How long does the dough'))!;
    expect(rise.questions).toEqual([
      {
        q: 'How long is bulk fermentation?',
        answer:
          'Bulk fermentation takes four to six hours at 24 °C, with a set of stretch and folds every 30 minutes for the first two hours.',
      },
      'Why proof it in the fridge?',
      'Can I skip the stretch and folds?',
    ]);
  });

  it('reuses the questions of an unchanged section without asking, and without a writer keeps only those', async () => {
    const first = await collectGeneratedQuestions({ chunks, previous: [], writer: writer(() => GOOD) });
    const stale = { ...first.sections[1]!, textHash: 'changed' };
    const previous = [first.sections[0]!, stale, ...first.sections.slice(2)];
    const model = writer(() => GOOD);
    const again = await collectGeneratedQuestions({ chunks, previous, writer: model });
    expect(model.asked).toEqual([first.sections[1]!.heading]);
    expect(again.summary).toMatchObject({ generated: 3, reused: 9 });

    const offline = await collectGeneratedQuestions({ chunks, previous });
    expect(offline.sections.map((s) => s.heading)).not.toContain(first.sections[1]!.heading);
    expect(offline.summary).toMatchObject({ sections: 3, generated: 0, reused: 9 });
  });

  it('warns and goes on when the model fails for one section or writes nothing usable', async () => {
    const { logger, warnings } = createRecordingLogger();
    const [, second, third] = sectionsOf(chunks);
    const model = writer((heading) =>
      heading === second!.heading
        ? new Error('503')
        : heading === third!.heading
          ? 'Sure! Here you go.'
          : GOOD,
    );
    const { summary } = await collectGeneratedQuestions({ chunks, previous: [], writer: model, logger });
    expect(summary).toMatchObject({ sections: 2, failed: 2, generated: 6 });
    expect(warnings).toHaveLength(2);
  });

  it('stops at an abort instead of counting it as a model failure', async () => {
    const controller = new AbortController();
    const model = writer(() => {
      controller.abort(new Error('stopped'));
      return new Error('aborted');
    });
    await expect(
      collectGeneratedQuestions({ chunks, previous: [], writer: model, signal: controller.signal }),
    ).rejects.toThrow('stopped');
  });
});
