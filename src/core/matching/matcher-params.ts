import { z } from 'zod';
import fittedParams from './same-question.params.json' with { type: 'json' };

/** The thresholds, fitted on eval/pairs-tune.jsonl by scripts/fit-matcher.ts. */
export interface MatcherParams {
  /** Sentence cosine below which two questions differ whatever their words. */
  minSentenceSimilarity: number;
  /** GloVe cosine at or above which a word covers another on its own ("cheap" ~ "affordable"). */
  minWordSimilarity: number;
  /**
   * GloVe cosine a WordNet synonym or a morphological variant needs to cover a word: WordNet lists rare
   * senses too ("certified" is a synonym of "license" by one of them, at GloVe 0.40).
   */
  minSynonymSimilarity: number;
}

const similarity = z.number().min(-1).max(1);
const PARAMS_SCHEMA = z.object({
  minSentenceSimilarity: similarity,
  minWordSimilarity: similarity,
  minSynonymSimilarity: similarity,
});

/**
 * The thresholds in `same-question.params.json` (written by scripts/fit-matcher.ts, reviewed like code).
 * Checked when first asked for rather than at import, so a bad edit fails in the tests with the key named.
 */
export function fittedMatcherParams(): MatcherParams {
  const parsed = PARAMS_SCHEMA.safeParse(fittedParams);
  if (!parsed.success)
    throw new Error(
      `same-question.params.json is not valid: ${parsed.error.issues.map(formatIssue).join('; ')}`,
    );
  return parsed.data;
}

function formatIssue(issue: z.ZodIssue): string {
  return `${issue.path.join('.')}: ${issue.message}`;
}
