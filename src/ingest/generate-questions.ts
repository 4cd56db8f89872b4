import { createHash } from 'node:crypto';
import type { Logger } from '../logger.js';
import { isBackMatter } from '../core/answering/section-text.js';
import { sectionKey } from '../core/retrieval/sections.js';
import type { AlternativeQuestion } from '../core/retrieval/retrieval-types.js';
import type { QuestionWriter } from '../core/types.js';
import type { GeneratedSection } from '../index/generated-questions.js';
import { selectGeneratedQuestions } from './question-checks.js';
import { comparableText } from '../core/words/text.js';
import type { Chunk } from './split.js';

/** Questions asked of the model per section by default. */
export const DEFAULT_QUESTIONS_PER_SECTION = 3;

/** What `--generate-questions` did in one ingestion (`reused`: copied from the previous build). */
export interface GeneratedQuestionsSummary {
  sections: number;
  questions: number;
  generated: number;
  reused: number;
  /** Sections whose model call failed or whose reply held no usable question: warned about, skipped. */
  failed: number;
}

interface SectionText {
  source: string;
  anchor: string;
  heading: string;
  text: string;
  textHash: string;
}

/** The sections of the chunks, in order, with the text a model reads and its hash. */
export function sectionsOf(chunks: readonly Chunk[]): SectionText[] {
  const grouped = new Map<string, { chunk: Chunk; texts: string[] }>();
  for (const chunk of chunks) {
    const key = sectionKey(chunk.metadata);
    const entry = grouped.get(key) ?? { chunk, texts: [] };
    entry.texts.push(chunk.text);
    grouped.set(key, entry);
  }
  return [...grouped.values()]
    .filter(
      ({ chunk, texts }) =>
        !isBackMatter(
          chunk.metadata.heading,
          texts.map((text) => ({ text })),
        ),
    )
    .map(({ chunk, texts }) => {
      const { source, anchor, heading } = chunk.metadata;
      const text = texts.join('\n');
      const textHash = createHash('sha256').update(`${heading}\n${text}`).digest('hex');
      return { source, anchor, heading, text, textHash };
    });
}

export interface CollectGeneratedOptions {
  chunks: readonly Chunk[];
  /** The previous build's generated questions: reused for every section whose text is unchanged. */
  previous: readonly GeneratedSection[];
  /** Writes questions for the other sections; absent (no `--generate-questions`): only reuse. */
  writer?: QuestionWriter | undefined;
  /** The maintainers' questions: a generated one that repeats one of them is dropped. */
  known?: readonly AlternativeQuestion[];
  perSection?: number;
  logger?: Logger | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: (done: number, total: number) => void;
}

/**
 * The generated questions the new build keeps: the previous build's for every section whose text hash
 * is unchanged, and, with a writer, new ones for the other sections, one model call per section.
 *
 * A failed call (model error, timeout, a reply with no usable question) costs only that section: it is
 * logged as a warning and counted in `failed`, and the build goes on; the next `--generate-questions`
 * run tries that section again. An abort (Ctrl-C) stops the run.
 */
export async function collectGeneratedQuestions(
  options: CollectGeneratedOptions,
): Promise<{ sections: GeneratedSection[]; summary: GeneratedQuestionsSummary }> {
  const { writer, logger, signal } = options;
  const count = options.perSection ?? DEFAULT_QUESTIONS_PER_SECTION;
  const previous = new Map(
    options.previous.map((entry) => [`${sectionKey(entry)}\n${entry.textHash}`, entry]),
  );
  const sections = sectionsOf(options.chunks);
  const kept: GeneratedSection[] = [];
  const summary: GeneratedQuestionsSummary = {
    sections: 0,
    questions: 0,
    generated: 0,
    reused: 0,
    failed: 0,
  };
  const toWrite = sections.filter((section) => !previous.has(`${sectionKey(section)}\n${section.textHash}`));
  let done = 0;
  for (const section of sections) {
    const old = previous.get(`${sectionKey(section)}\n${section.textHash}`);
    if (old) {
      kept.push({ ...old, heading: section.heading });
      summary.reused += old.questions.length;
      continue;
    }
    if (!writer) continue;
    signal?.throwIfAborted();
    const questions = await writeFor(section, { writer, count, known: options.known ?? [], logger, signal });
    options.onProgress?.(++done, toWrite.length);
    if (questions.length === 0) {
      summary.failed++;
      continue;
    }
    const { source, anchor, heading, textHash } = section;
    kept.push({ source, anchor, heading, textHash, model: writer.name, questions });
    summary.generated += questions.length;
  }
  summary.sections = kept.length;
  summary.questions = summary.generated + summary.reused;
  return { sections: kept, summary };
}

/** One section's usable questions, or none (warned about) when the model failed. */
async function writeFor(
  section: SectionText,
  context: {
    writer: QuestionWriter;
    count: number;
    known: readonly AlternativeQuestion[];
    logger: Logger | undefined;
    signal: AbortSignal | undefined;
  },
): Promise<GeneratedSection['questions']> {
  const { writer, count, logger, signal } = context;
  let reply: string;
  try {
    reply = await writer.write({
      heading: section.heading,
      text: section.text,
      count,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    signal?.throwIfAborted(); // Ctrl-C is no model failure: stop the run
    logger?.warn(
      { err: error, section: section.heading, source: section.source, model: writer.name },
      'could not generate questions for a section; the build goes on without them',
    );
    return [];
  }
  const known = context.known
    .filter((alt) => alt.source === section.source && alt.heading.trim() === section.heading.trim())
    .map((alt) => alt.question);
  const { questions, answers, rejected } = selectGeneratedQuestions({
    reply,
    heading: section.heading,
    count,
    known,
  });
  if (rejected.length > 0)
    logger?.debug({ section: section.heading, rejected }, 'generated questions dropped');
  // An answer sentence is kept only when the section holds it word for word (list markers, emphasis
  // and spacing aside): a model that paraphrases or invents one gives the question alone.
  const text = comparableText(section.text);
  const unsure: string[] = [];
  const answered = questions.map((q) => {
    const answer = answers.get(q);
    if (!answer) return q;
    if (text.includes(comparableText(answer))) return { q, answer };
    unsure.push(q);
    return q;
  });
  if (unsure.length > 0)
    logger?.debug(
      { section: section.heading, questions: unsure },
      'answer sentences not in the section dropped',
    );
  if (questions.length === 0)
    logger?.warn(
      { section: section.heading, source: section.source, model: writer.name },
      'the model wrote no usable question for a section; the build goes on without them',
    );
  return answered;
}
