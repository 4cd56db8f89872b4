import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { toGuideSettings } from '../../src/app/wiring.js';
import { UseLiteEmbeddings } from '../../src/providers/embeddings/use-lite.js';
import { PipelineError } from '../../src/core/errors.js';
import { openGuide, type Guide } from '../../src/core/guide.js';
import { INDEX_LAYOUT, buildDirOf, readCurrentBuildId } from '../../src/index/layout.js';
import { ingestCorpus, type IngestSummary } from '../../src/ingest/ingest.js';
import { createSilentLogger } from '../../src/logger.js';
import { wordAnswer } from '../../src/app/wording.js';
import { HashEmbeddings, SPLIT, TINY_CORPUS, copyCorpus, makeTempDir } from '../ingest/helpers.js';

/** openGuide end to end on the tiny corpus with USE-lite: answers, suggestions, and hot reload. */

const embeddings = new UseLiteEmbeddings();
const logger = createSilentLogger();
let tmp: { dir: string; cleanup: () => void };

beforeAll(() => {
  tmp = makeTempDir('guidebot-guide-');
});
afterAll(() => tmp?.cleanup());

const settingsFor = (indexDir: string) => toGuideSettings(loadConfig({ INDEX_DIR: indexDir }));

describe('openGuide', () => {
  let indexDir: string;
  let summary: IngestSummary;
  let guide: Guide;

  beforeAll(async () => {
    indexDir = path.join(tmp.dir, 'index');
    summary = await ingestCorpus({ corpusDir: TINY_CORPUS, indexDir, embeddings, ...SPLIT });
    guide = await openGuide({ settings: settingsFor(indexDir), embeddings, logger });
  });

  it('throws INDEX_MISSING when nothing was ingested into INDEX_DIR', async () => {
    await expect(
      openGuide({ settings: settingsFor(path.join(tmp.dir, 'empty')), embeddings, logger }),
    ).rejects.toMatchObject({
      name: 'PipelineError',
      code: 'INDEX_MISSING',
    });
  });

  it('throws INDEX_EMBEDDER_MISMATCH when the index was built with another embedder', async () => {
    await expect(
      openGuide({ settings: settingsFor(indexDir), embeddings: new HashEmbeddings(), logger }),
    ).rejects.toMatchObject({
      code: 'INDEX_EMBEDDER_MISMATCH',
    });
  });

  it('serves the manifest of the build it loaded', () => {
    expect(guide.manifest().buildId).toBe(summary.buildId);
    expect(guide.manifest().chunkCount).toBe(summary.chunks);
  });

  it('lists every section of both files in order, without the Table of Contents', () => {
    const sections = guide.listSections();
    expect(sections).toHaveLength(summary.sections);
    expect(sections.map((s) => s.heading)).not.toContain('Table of Contents');
    expect(sections.map((s) => s.source)).toEqual([...sections.map((s) => s.source)].sort());
    expect(sections.find((s) => s.anchor === 'do-i-need-a-bee-suit')?.headingPath).toBe(
      'What equipment do I need? › Do I need a bee suit?',
    );
  });

  it("gives a section's sentences in the guide's order, and none for a section it does not have", () => {
    const suit = guide.listSections().find((s) => s.anchor === 'do-i-need-a-bee-suit')!;
    expect(guide.sentencesOf(suit)).toEqual([
      'A full suit is optional.',
      'Most hobbyists work in a veiled jacket and nitrile gloves; the veil protects the face, which is where stings hurt most.',
    ]);
    expect(guide.sentencesOf({ source: suit.source, anchor: 'no-such-section' })).toEqual([]);
  });

  it('suggests the n closest sections, the best first', async () => {
    const three = await guide.suggestSections('How hot should the oven be?');
    expect(three).toHaveLength(3);
    expect(three[0]?.anchor).toBe('what-oven-temperature-should-i-bake-at');
    const two = await guide.suggestSections('How hot should the oven be?', 2);
    expect(two).toEqual(three.slice(0, 2));
    // Plain section references, nothing of the scoring.
    expect(Object.keys(two[0]!).sort()).toEqual(['anchor', 'heading', 'headingPath', 'source']);
  });

  it('answers an in-scope question from the guide, citing its section', async () => {
    const result = await guide.answer('How many pounds of honey will my bees make?');
    expect(result).toMatchObject({ outcome: 'answered', grounded: true, mode: 'extractive' });
    expect(result.answer).toContain('30 to 60 pounds');
    expect(result.citations[0]?.anchor).toBe('how-much-honey-does-a-hive-produce');
  });

  it.each(['What is the capital of France?', 'Tell me a joke about cats'])(
    'refuses an off-topic question with no citations and three suggestions, none the Table of Contents: %s',
    async (question) => {
      const result = await guide.answer(question);
      expect(result).toMatchObject({ outcome: 'out_of_scope', grounded: false, citations: [] });
      expect(result.suggestions).toHaveLength(3);
      for (const suggestion of result.suggestions) expect(suggestion.heading).not.toBe('Table of Contents');
      expect(wordAnswer(result)).toContain(result.suggestions[0]!.heading);
    },
  );

  it('answers bad input with a message and an invalid outcome, never a throw', async () => {
    for (const [question, code] of [
      ['   ', 'empty'],
      ['🐝🍯', 'no_text'],
      ['x'.repeat(settingsFor(indexDir).maxQuestionLength + 1), 'too_long'],
    ] as const) {
      const result = await guide.answer(question);
      expect(result).toMatchObject({ outcome: 'invalid', invalid: { code }, grounded: false, citations: [] });
      expect(wordAnswer(result).length).toBeGreaterThan(0);
    }
  });

  it('reload() with no new build reports reloaded:false and keeps serving the same build', async () => {
    await expect(guide.reload()).resolves.toEqual({ reloaded: false, buildId: summary.buildId });
    expect(guide.manifest().buildId).toBe(summary.buildId);
  });
});

describe('Guide.reload', () => {
  const HONEY_QUESTION = 'How much honey does a hive produce?';
  let corpusDir: string;
  let indexDir: string;
  let first: IngestSummary;
  let guide: Guide;

  beforeAll(async () => {
    corpusDir = copyCorpus(TINY_CORPUS, path.join(tmp.dir, 'reload-corpus'));
    indexDir = path.join(tmp.dir, 'reload-index');
    first = await ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT });
    guide = await openGuide({ settings: settingsFor(indexDir), embeddings, logger });
  });

  it('switches to a new build after a no-op reload and answers from the changed text', async () => {
    const before = await guide.answer(HONEY_QUESTION);
    expect(before.answer).toContain('30 to 60 pounds');

    // A reload with nothing new must not stop later reloads from seeing a new build.
    await expect(guide.reload()).resolves.toEqual({ reloaded: false, buildId: first.buildId });

    const file = path.join(corpusDir, 'beekeeping.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('about 30 to 60 pounds', 'about 70 to 90 pounds'));
    const second = await ingestCorpus({ corpusDir, indexDir, embeddings, ...SPLIT });
    expect(second.buildId).not.toBe(first.buildId);

    // Two change events for one swap share one load.
    const reload = guide.reload();
    expect(guide.reload()).toBe(reload);
    await expect(reload).resolves.toEqual({ reloaded: true, buildId: second.buildId });
    expect(guide.manifest().buildId).toBe(second.buildId);
    const after = await guide.answer(HONEY_QUESTION);
    expect(after.answer).toContain('70 to 90 pounds');
    expect(after.answer).not.toContain('30 to 60 pounds');
    expect(after.citations[0]?.quote).toContain('70 to 90 pounds');

    // Loaded once: asking again reports nothing new.
    await expect(guide.reload()).resolves.toEqual({ reloaded: false, buildId: second.buildId });
  });

  it('throws a PipelineError on a corrupt new build and keeps answering from the old index', async () => {
    const serving = guide.manifest().buildId;
    const brokenId = '29991231T000000000Z-broken';
    mkdirSync(buildDirOf(indexDir, brokenId), { recursive: true }); // a build folder without its files
    writeFileSync(path.join(indexDir, INDEX_LAYOUT.current), `${brokenId}\n`);
    expect(readCurrentBuildId(indexDir)).toBe(brokenId);

    const failure = await guide.reload().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PipelineError);
    expect(failure).toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining(brokenId) });

    expect(guide.manifest().buildId).toBe(serving);
    const result = await guide.answer(HONEY_QUESTION);
    expect(result.outcome).toBe('answered');
    expect(result.answer).toContain('70 to 90 pounds');

    // Once CURRENT points back at the serving build, reload is a no-op again (the failure did not stick).
    writeFileSync(path.join(indexDir, INDEX_LAYOUT.current), `${serving}\n`);
    await expect(guide.reload()).resolves.toEqual({ reloaded: false, buildId: serving });
  });
});
