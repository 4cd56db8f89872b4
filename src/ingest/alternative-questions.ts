import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PipelineError } from '../core/errors.js';
import type { AlternativeQuestion } from '../core/retrieval/hybrid-retriever.js';

/**
 * Alternative questions live beside each guide: `guide.md` has `guide.questions.json`, versioned with
 * it. `sections` maps a section's heading, exactly as written in the guide, to questions that section
 * answers. A heading the guide no longer has is ignored (and reported), so editing a heading never breaks
 * ingestion. `notCovered` lists questions members ask that the guide does not answer (other jobs' pay,
 * exam fees, ...): the scope decision weighs how much closer a question is to them than to the sections'
 * questions.
 */
const QuestionsFileSchema = z.object({
  about: z.string().optional(),
  sections: z.record(z.string(), z.array(z.string().trim().min(1).max(500))),
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
        `${file} is not a valid alternative-questions file ({ "sections": { "<heading>": ["question", ...] } })`,
        { cause },
      );
    }
    const source = `${name.slice(0, -QUESTIONS_SUFFIX.length)}.md`;
    for (const [heading, list] of Object.entries(parsed.sections))
      for (const question of list) questions.push({ source, heading, question });
    for (const question of parsed.notCovered ?? [])
      questions.push({ source, heading: '', question, notCovered: true });
  }
  return questions;
}
