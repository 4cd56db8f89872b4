import path from 'node:path';
import { vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createAnswerer } from '../../../src/core/answering/answerer.js';
import type { SectionPassages } from '../../../src/core/answering/extractive.js';
import type { HybridRetriever, Retrieval } from '../../../src/core/retrieval/hybrid-retriever.js';
import { loadFittedParams } from '../../../src/core/retrieval/fusion.js';
import { sectionKey } from '../../../src/core/retrieval/sections.js';
import type { AnswerResult, AskOptions, RetrievedPassage } from '../../../src/core/types.js';
import { UseLiteEmbeddings } from '../../../src/providers/embeddings/use-lite.js';
import { createSilentLogger } from '../../../src/logger.js';
import { GUIDE_CORPUS, makeTempDir } from '../../ingest/helpers.js';
import { buildRetriever } from '../retrieval/retriever-fixture.js';

/** The real guide, indexed with USE-lite in a temporary folder, and an answerer over it. */
export interface GuideFixture {
  embeddings: UseLiteEmbeddings;
  /** The index folder (for `openGuide`). */
  indexDir: string;
  retriever: HybridRetriever;
  /** Every chunk of a section, as the answerer reads a list past the retrieved chunks. */
  sectionPassages: SectionPassages;
  /** Answers through `createAnswerer` (default settings) and returns the retrieval behind the answer. */
  ask(
    question: string,
    maxAnswerChars?: number,
    options?: AskOptions,
  ): Promise<{ result: AnswerResult; retrieval: Retrieval }>;
  /**
   * What an answer to `retrieval` may quote: its passages and the other chunks of the sections they
   * belong to (a list is read to its end).
   */
  evidence(retrieval: Retrieval): RetrievedPassage[];
  cleanup(): void;
}

/**
 * `asShipped`: with what the bot adds to the index (the questions beside the guide, the fitted
 * parameters and the unit weights fitted with them); without it, the index and hand-set weights alone.
 */
export async function openGuideFixture(options: { asShipped?: boolean } = {}): Promise<GuideFixture> {
  const embeddings = new UseLiteEmbeddings();
  const tmp = makeTempDir('guidebot-guide-');
  const params = options.asShipped ? loadFittedParams() : undefined;
  const { retriever } = await buildRetriever(
    GUIDE_CORPUS,
    tmp.dir,
    embeddings,
    params ? { asShipped: true, params } : {},
  );
  const retrieve = vi.spyOn(retriever, 'retrieve');
  const bySection = new Map<string, RetrievedPassage[]>();
  for (const passage of retriever.allPassages()) {
    bySection.set(sectionKey(passage), [...(bySection.get(sectionKey(passage)) ?? []), passage]);
  }
  const config = loadConfig({});
  const answerers = new Map<number, ReturnType<typeof createAnswerer>>();
  const answererFor = (maxAnswerChars: number) => {
    let answerer = answerers.get(maxAnswerChars);
    if (!answerer) {
      answerer = createAnswerer({
        retriever: () => retriever,
        embeddings,
        logger: createSilentLogger(),
        ...(params?.units ? { unitWeights: params.units.weights } : {}),
        settings: {
          maxQuestionLength: config.MAX_QUESTION_LENGTH,
          maxAnswerChars,
          topK: config.RETRIEVAL_TOP_K,
        },
      });
      answerers.set(maxAnswerChars, answerer);
    }
    return answerer;
  };
  return {
    embeddings,
    indexDir: path.join(tmp.dir, 'index'),
    retriever,
    sectionPassages: (key) => bySection.get(key) ?? [],
    async ask(question, maxAnswerChars = config.ANSWER_MAX_CHARS, options = {}) {
      const before = retrieve.mock.results.length;
      const result = await answererFor(maxAnswerChars).answer(question, options);
      // A message of several questions is retrieved whole and per question: all of it was retrieved.
      const calls = (await Promise.all(
        retrieve.mock.results.slice(before).map((r) => r.value),
      )) as Retrieval[];
      const [first, ...rest] = calls;
      const retrieval = { ...first!, passages: [...first!.passages, ...rest.flatMap((r) => r.passages)] };
      return { result, retrieval };
    },
    evidence(retrieval) {
      const sections = new Set(retrieval.passages.map(sectionKey));
      const more = [...sections].flatMap((key) => bySection.get(key) ?? []);
      const known = new Set(retrieval.passages.map((p) => p.chunkId));
      return [...retrieval.passages, ...more.filter((p) => !known.has(p.chunkId))];
    },
    cleanup: () => tmp.cleanup(),
  };
}
