import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AlternativeQuestion } from '../core/retrieval/retrieval-types.js';
import { INDEX_LAYOUT } from './layout.js';

/**
 * `alternative-questions.json` in a build: the maintainers' alternative questions as ingestion read them
 * from beside the guide. Kept with the build so that the build is self-contained: a bot reading a shared
 * index folder matches the questions the index was built (and its sentence vectors embedded) with, not
 * whatever its own corpus checkout holds.
 */
const AlternativeQuestionsFileSchema = z.object({
  version: z.literal(1),
  questions: z.array(
    z.object({
      source: z.string(),
      heading: z.string(),
      question: z.string().min(1),
      answer: z.string().min(1).optional(),
      notCovered: z.boolean().optional(),
    }),
  ),
});

/** Writes the build's alternative questions (nothing when there are none); returns how many. */
export async function writeAlternativeQuestions(
  dir: string,
  questions: readonly AlternativeQuestion[],
): Promise<number> {
  if (questions.length === 0) return 0;
  const file: z.infer<typeof AlternativeQuestionsFileSchema> = { version: 1, questions: [...questions] };
  await writeFile(path.join(dir, INDEX_LAYOUT.alternativeQuestions), `${JSON.stringify(file, null, 2)}\n`);
  return questions.length;
}

/**
 * The alternative questions of the build in `dir`: `count` of them, as its manifest says (0: none, and no
 * file to read).
 *
 * @throws Error naming the file when it is missing, damaged or holds another number of questions.
 */
export async function readAlternativeQuestions(dir: string, count: number): Promise<AlternativeQuestion[]> {
  if (count === 0) return [];
  const file = path.join(dir, INDEX_LAYOUT.alternativeQuestions);
  const parsed = AlternativeQuestionsFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not an alternative-questions file of this version`);
  if (parsed.data.questions.length !== count)
    throw new Error(`${file} holds ${parsed.data.questions.length} questions, the manifest says ${count}`);
  return parsed.data.questions;
}
