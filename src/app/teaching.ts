import type { SectionRef } from '../core/types.js';
import type { Guide } from '../core/guide.js';
import type { Logger } from '../logger.js';
import type { Store, TaughtSection } from '../store/types.js';
import { sectionId } from '../core/retrieval/sections.js';
import { comparableText, terms } from '../core/words/text.js';

/** How many sentences the "This answers it" menu's second step offers (Discord's limit for a select). */
const MAX_SENTENCE_CHOICES = 25;

/** What `/teach` takes as its section to say the guide does not cover the question. */
const NOT_COVERED_WORDS = /^\s*(none|not covered)\s*$/i;

/** A lesson taught as "the guide does not cover this": no file, no anchor (the retriever's `NOT_COVERED_KEY`). */
const NOWHERE: SectionRef = { source: '', anchor: '', heading: '', headingPath: '' };

/** How the community teaches the bot (`/teach` and the "This answers it" menu), part of the `AskService`. */
export interface Teaching {
  /**
   * Teaches the bot that a section answers a question (a moderator's `/teach`): stored, and used for
   * the next question at once. `section` is matched against the guide's headings (case-insensitive,
   * whole heading or a unique part of one), as `/teach` types it; or it is `{ id }`, a section's
   * `sectionId`, as a refusal's "This answers it" choice carries it (that section exactly). `none` (or
   * "not covered") teaches that the guide does not cover the question: it is refused from then on, and
   * the scope model weighs how close other questions are to it (`notCovered` in the result).
   * `answer`, when given, is the sentence of that section that answers the question, or a unique part
   * of one (`/teach … answer:`): the whole sentence is stored, and answers to close questions lean on
   * it as on the guide's listed questions' answer sentences.
   */
  teach(lesson: {
    question: string;
    section: string | { id: string };
    answer?: string;
    guildId: string | undefined;
    userId: string;
  }): Promise<
    | { ok: true; id: number; section: SectionRef; answer?: string; notCovered?: true }
    | { ok: false; reason: 'no_section' | 'ambiguous_section'; candidates: SectionRef[] }
    | {
        ok: false;
        reason: 'no_sentence' | 'ambiguous_sentence' | 'sentence_without_section';
        sentences: string[];
      }
  >;
  /**
   * The sentences of a taught section a moderator may choose as the answer (the "This answers it"
   * menu's second step): at most `max`, those sharing the most words with the question first, each with
   * its place in the section (`Guide.sentencesOf`), which `teachAnswer` takes.
   */
  sentenceChoices(question: string, section: TaughtSection, max?: number): { index: number; text: string }[];
  /**
   * Adds the answer sentence to a lesson: the sentence at `index` of its section. The lesson is taught
   * anew with it (a new id, so answers cached under the old lessons are not reused) and the old one
   * removed. Fails when the lesson is no longer active here, or the section no longer has that sentence.
   */
  teachAnswer(choice: {
    taughtId: number;
    index: number;
    guildId: string | undefined;
    userId: string;
  }): Promise<
    | { ok: true; id: number; section: TaughtSection; answer: string }
    | { ok: false; reason: 'lesson_gone' | 'sentence_gone' }
  >;
}

export interface TeachingDeps {
  guide: Partial<Pick<Guide, 'listSections' | 'sentencesOf'>>;
  /** Embeds a taught question (the index's embedder); without it lessons match only by the same words. */
  embed?: (text: string) => Promise<number[]>;
  store: Store;
  logger: Logger;
  teachingScope?: 'server' | 'all';
}

/** Whose lessons (and pins) a server sees: its own, or every server's with `TEACHING_SCOPE=all` (and in a DM). */
export function lessonScope(
  deps: Pick<TeachingDeps, 'teachingScope'>,
  guildId: string | undefined,
): string | undefined {
  return deps.teachingScope === 'all' ? undefined : guildId;
}

export function createTeaching(deps: TeachingDeps): Teaching {
  const { guide, store, logger } = deps;
  return {
    async teach(lesson) {
      const wantsAnswer = Boolean(lesson.answer?.trim());
      const notCovered = typeof lesson.section === 'string' && NOT_COVERED_WORDS.test(lesson.section);
      if (notCovered && wantsAnswer) return { ok: false, reason: 'sentence_without_section', sentences: [] };
      let section = NOWHERE;
      let answer: string | undefined;
      if (!notCovered) {
        const found = findSections(guide.listSections?.() ?? [], lesson.section);
        if (found.length !== 1) {
          return {
            ok: false,
            reason: found.length === 0 ? 'no_section' : 'ambiguous_section',
            candidates: found.slice(0, 10),
          };
        }
        section = found[0]!;
        if (wantsAnswer) {
          const sentences = findSentences(guide.sentencesOf?.(section) ?? [], lesson.answer!);
          if (sentences.length !== 1) {
            return {
              ok: false,
              reason: sentences.length === 0 ? 'no_sentence' : 'ambiguous_sentence',
              sentences: sentences.slice(0, 10),
            };
          }
          answer = sentences[0];
        }
      }
      const taught = await store.addTaughtQuestion({
        question: lesson.question,
        ...(deps.embed ? { questionEmbedding: await deps.embed(lesson.question) } : {}),
        section: { source: section.source, anchor: section.anchor, heading: section.heading },
        ...(answer ? { answer } : {}),
        guildId: lesson.guildId ?? null,
        taughtBy: lesson.userId,
      });
      if (notCovered) {
        logger.info({ taughtId: taught.id, by: lesson.userId }, 'a question was taught as not covered');
        return { ok: true, id: taught.id, section, notCovered: true };
      }
      logger.info(
        {
          taughtId: taught.id,
          section: section.heading,
          withAnswer: answer !== undefined,
          by: lesson.userId,
        },
        'a question was taught',
      );
      return { ok: true, id: taught.id, section, ...(answer ? { answer } : {}) };
    },
    sentenceChoices(question, section, max = MAX_SENTENCE_CHOICES) {
      const asked = new Set(terms(question));
      const shared = (text: string) => new Set(terms(text).filter((t) => asked.has(t))).size;
      return (guide.sentencesOf?.(section) ?? [])
        .map((text, index) => ({ index, text, shared: shared(text) }))
        .sort((a, b) => b.shared - a.shared || a.index - b.index)
        .slice(0, max)
        .map(({ index, text }) => ({ index, text }));
    },
    async teachAnswer(choice) {
      const active = await store.activeTaughtQuestions(lessonScope(deps, choice.guildId));
      const lesson = active.find((t) => t.id === choice.taughtId);
      if (!lesson) return { ok: false, reason: 'lesson_gone' };
      const answer = guide.sentencesOf?.(lesson.section)[choice.index];
      if (!answer) return { ok: false, reason: 'sentence_gone' };
      const taught = await store.addTaughtQuestion({
        question: lesson.question,
        ...(lesson.questionEmbedding ? { questionEmbedding: lesson.questionEmbedding } : {}),
        section: lesson.section,
        answer,
        guildId: lesson.guildId ?? null,
        taughtBy: choice.userId,
      });
      await store.removeTaughtQuestion(lesson.id, choice.userId);
      logger.info(
        { taughtId: taught.id, replaces: lesson.id, section: lesson.section.heading, by: choice.userId },
        'an answer sentence was taught',
      );
      return { ok: true, id: taught.id, section: lesson.section, answer };
    },
  };
}

/**
 * The section's sentences a moderator's text names: the one it equals, or those holding it, compared
 * as `comparableText` compares them, and in any case (list markers, emphasis, spacing and case aside).
 */
function findSentences(sentences: readonly string[], wanted: string): string[] {
  const comparable = (text: string) => comparableText(text).toLowerCase();
  const text = comparable(wanted);
  if (!text) return [];
  const exact = sentences.filter((s) => comparable(s) === text);
  return exact.length > 0 ? exact.slice(0, 1) : sentences.filter((s) => comparable(s).includes(text));
}

/**
 * The sections a lesson names: by id, that one; by heading, the one whose whole heading it is, else every
 * heading it is part of (none for an empty text).
 */
function findSections(sections: readonly SectionRef[], wanted: string | { id: string }): SectionRef[] {
  if (typeof wanted !== 'string') return sections.filter((s) => sectionId(s) === wanted.id);
  const text = wanted.trim().toLowerCase();
  if (!text) return [];
  const exact = sections.filter((s) => s.heading.trim().toLowerCase() === text);
  return exact.length === 1 ? exact : sections.filter((s) => s.heading.toLowerCase().includes(text));
}
