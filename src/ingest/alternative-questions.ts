import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PipelineError } from '../core/errors.js';
import { comparableText } from '../core/words/text.js';
import { readQuestionEntry } from '../index/generated-questions.js';
import type { AlternativeQuestion } from '../core/retrieval/hybrid-retriever.js';

/**
 * Alternative questions live beside each guide: `guide.md` has `guide.questions.json`, versioned with
 * it. `sections` maps a section's heading, exactly as written in the guide, to questions that section
 * answers, each optionally with the sentence of the section that answers it. A heading the guide no
 * longer has is ignored (and reported), so editing a heading never breaks ingestion. `notCovered` lists
 * questions members ask that the guide does not answer (other jobs' pay, exam fees, ...): the scope
 * decision weighs how much closer a question is to them than to the sections' questions.
 */
const QuestionText = z.string().trim().min(1).max(500);
/**
 * A section's question is its text, or `{ "q": text, "answer": sentence }` where `answer` is the sentence
 * of the section that answers it, copied word for word: an answer to a member's question close to this
 * one leans on that sentence (see `knownAnswer` in the unit features).
 */
const SectionQuestionSchema = z.union([
  QuestionText,
  z.object({ q: QuestionText, answer: z.string().trim().min(1).max(2000).optional() }),
]);

const QuestionsFileSchema = z.object({
  about: z.string().optional(),
  sections: z.record(z.string(), z.array(SectionQuestionSchema)),
  notCovered: z.array(z.string().trim().min(1).max(500)).optional(),
});

export const QUESTIONS_SUFFIX = '.questions.json';

/** Every alternative question in the corpus folder, tagged with the guide file it belongs to. */
export async function loadAlternativeQuestions(corpusDir: string): Promise<AlternativeQuestion[]> {
  let names: string[];
  try {
    names = (await readdir(corpusDir)).filter((name) => name.endsWith(QUESTIONS_SUFFIX)).sort();
  } catch {
    return [];
  }
  const questions: AlternativeQuestion[] = [];
  for (const name of names) {
    const file = path.join(corpusDir, name);
    let parsed: z.infer<typeof QuestionsFileSchema>;
    try {
      parsed = QuestionsFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    } catch (cause) {
      throw new PipelineError(
        'CORPUS_UNREADABLE',
        `${file} is not a valid alternative-questions file ({ "sections": { "<heading>": ["question" or { "q": "question", "answer": "sentence" }, ...] } })`,
        { cause },
      );
    }
    const source = `${name.slice(0, -QUESTIONS_SUFFIX.length)}.md`;
    for (const [heading, list] of Object.entries(parsed.sections))
      for (const entry of list) questions.push({ source, heading, ...readQuestionEntry(entry) });
    for (const question of parsed.notCovered ?? [])
      questions.push({ source, heading: '', question, notCovered: true });
  }
  return questions;
}

/**
 * Keeps an answer sentence only where its section still holds it: after the guide is edited, a question
 * whose sentence changed keeps matching its section but no longer points at a sentence. Returns the
 * questions (answers checked) and those whose answer was dropped, for the maintainers to update.
 */
export function checkAnswerSentences(
  questions: readonly AlternativeQuestion[],
  sections: readonly { source: string; heading: string; text: string }[],
): { questions: AlternativeQuestion[]; moved: AlternativeQuestion[] } {
  const texts = new Map<string, string>();
  for (const { source, heading, text } of sections) {
    const key = `${source}\n${heading.trim()}`;
    texts.set(key, `${texts.get(key) ?? ''}\n${comparableText(text)}`);
  }
  const moved: AlternativeQuestion[] = [];
  const checked = questions.map((question) => {
    if (!question.answer) return question;
    const text = texts.get(`${question.source}\n${question.heading.trim()}`);
    if (text?.includes(comparableText(question.answer))) return question;
    moved.push(question);
    const rest = { ...question };
    delete rest.answer;
    return rest;
  });
  return { questions: checked, moved };
}
