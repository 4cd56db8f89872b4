import type { ScopeEvidence } from '../scope/judge-scope.js';
import { cosineSimilarity } from '../words/vectors.js';
import type { SectionHit, TaughtQuestion } from './retrieval-types.js';

/**
 * The section key of a lesson that says the guide does not cover the question (`/teach … section:none`):
 * the key of a section with no file and no anchor, which no real section has.
 */
export const NOT_COVERED_KEY = '#';

/**
 * Cosine at which a question is the one a moderator taught (the same words, give or take case,
 * punctuation or an expanded acronym). Paraphrases of taught questions stay with the fitted models,
 * through the asked-like feature, like the guide's alternative questions.
 */
export const TAUGHT_SAME_QUESTION = 0.95;

/** The lesson a question repeats, if any: the closest taught question at or above `TAUGHT_SAME_QUESTION`. */
export function findTaughtLesson(
  queryVector: readonly number[],
  taught: readonly TaughtQuestion[],
): { sectionKey: string; similarity: number } | undefined {
  let best: { sectionKey: string; similarity: number } | undefined;
  for (const lesson of taught) {
    const similarity = cosineSimilarity(queryVector, lesson.vector);
    if (similarity >= TAUGHT_SAME_QUESTION && similarity > (best?.similarity ?? -1))
      best = { sectionKey: lesson.sectionKey, similarity };
  }
  return best;
}

/**
 * The guide's not-covered questions plus those taught as not covered. The guide's own (frozen) list
 * itself when no lesson adds to it, so that its packed matrix is reused (src/core/words/vector-matrix.ts).
 */
export function withTaughtNotCovered(
  notCovered: readonly (readonly number[])[],
  taught: readonly TaughtQuestion[],
): readonly (readonly number[])[] {
  const added = taught.filter((t) => t.sectionKey === NOT_COVERED_KEY).map((t) => t.vector);
  return added.length > 0 ? [...notCovered, ...added] : notCovered;
}

/**
 * A moderator said which section answers this very question (`/teach`, or "This answers it" under a
 * refusal): that section goes first. Without this a lesson only nudged the fitted ranking model.
 */
export function promoteTaughtSection(
  sections: readonly SectionHit[],
  lesson: { sectionKey: string } | undefined,
): SectionHit[] {
  const taught = lesson ? sections.find((s) => s.key === lesson.sectionKey) : undefined;
  return taught ? [taught, ...sections.filter((s) => s !== taught)] : [...sections];
}

/**
 * ...and the question is answered rather than refused, from the next question on: the fitted scope
 * model alone still refused a lesson whose words the guide does not use ("sneakers"). A question taught
 * as not covered is refused, whatever the models say.
 */
export function applyTaughtScope(
  scope: ScopeEvidence,
  lesson: { sectionKey: string; similarity: number } | undefined,
): ScopeEvidence {
  if (!lesson) return scope;
  if (lesson.sectionKey === NOT_COVERED_KEY)
    return {
      ...scope,
      inScope: false,
      decision: 'refuse',
      reason: `taught as not covered by the guide (cosine ${lesson.similarity.toFixed(3)}); ${scope.reason}`,
    };
  return {
    ...scope,
    inScope: true,
    decision: 'answer',
    reason: `taught by a moderator (cosine ${lesson.similarity.toFixed(3)}); ${scope.reason}`,
  };
}
