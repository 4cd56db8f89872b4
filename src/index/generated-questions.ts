import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { INDEX_LAYOUT } from './layout.js';
import { describeIssues } from './manifest.js';

/**
 * `generated-questions.json` in a build: questions a chat model wrote for each section at ingestion
 * (`npm run ingest -- --generate-questions`). Stored with the build so answering stays offline; copied
 * forward by later ingestions for every section whose text did not change (`textHash`), so each
 * section's questions are written once.
 */
const GeneratedSectionSchema = z.object({
  source: z.string(),
  anchor: z.string(),
  heading: z.string(),
  /** sha256 of the section's heading and text as indexed: a change means the questions may be stale. */
  textHash: z.string(),
  /** Which model wrote them, e.g. "openai:gpt-4o-mini". */
  model: z.string(),
  /**
   * Each question, or the question with the sentence of its section that answers it, word for word
   * (checked against the section at ingestion), as in the maintainers' questions file.
   */
  questions: z.array(
    z.union([z.string().min(1), z.object({ q: z.string().min(1), answer: z.string().min(1) })]),
  ),
});

const GeneratedQuestionsFileSchema = z.object({
  version: z.literal(1),
  sections: z.array(GeneratedSectionSchema),
});

/** One section's generated questions. */
export type GeneratedSection = z.infer<typeof GeneratedSectionSchema>;

/**
 * A question as the retriever reads it, from either form a questions list holds (the maintainers' file
 * and the generated questions alike): a string, or `{ q, answer }` with its answer sentence.
 */
export function readQuestionEntry(entry: string | { q: string; answer?: string | undefined }): {
  question: string;
  answer?: string;
} {
  if (typeof entry === 'string') return { question: entry };
  return entry.answer ? { question: entry.q, answer: entry.answer } : { question: entry.q };
}

/** Writes the build's generated questions; returns how many questions were written. */
export async function writeGeneratedQuestions(
  dir: string,
  sections: readonly GeneratedSection[],
): Promise<number> {
  const file: z.infer<typeof GeneratedQuestionsFileSchema> = { version: 1, sections: [...sections] };
  await writeFile(path.join(dir, INDEX_LAYOUT.generatedQuestions), `${JSON.stringify(file, null, 2)}\n`);
  return sections.reduce((sum, section) => sum + section.questions.length, 0);
}

/**
 * The generated questions of the build in `dir`; none when the build has no such file (built without
 * a model, or before the file existed).
 *
 * @throws Error naming the file when it exists but is damaged.
 */
export async function readGeneratedQuestions(dir: string): Promise<GeneratedSection[]> {
  const file = path.join(dir, INDEX_LAYOUT.generatedQuestions);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`${file} could not be read`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${file} is not JSON`, { cause });
  }
  const parsed = GeneratedQuestionsFileSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${file}: ${describeIssues(parsed.error)}`);
  return parsed.data.sections;
}
