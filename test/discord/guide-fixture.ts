import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { UseLiteEmbeddings } from '../../src/providers/embeddings/use-lite.js';
import { ingestCorpus } from '../../src/ingest/ingest.js';

const GUIDE = 'corpus/medical-administrative-assistant-guide.md';

/** Sections of the real guide the Discord tests ask about (enough to tell salary from skills). */
export const EXCERPT_SECTIONS = [
  'How much is the salary of medical administrative assistants?',
  'Which employers offer the highest salaries for medical administrative assistants?',
  'Where can medical administrative assistants work?',
  'What skills should medical administrative assistants have?',
  'Do I need a license or certification to work as a medical administrative assistant?',
];

/**
 * Writes a corpus made of the guide's title and the chosen `##` sections, word for word, plus any
 * `extra` Markdown. A smaller corpus keeps ingestion to a couple of seconds per test file.
 */
export function writeGuideExcerpt(corpusDir: string, sections = EXCERPT_SECTIONS, extra = ''): void {
  const text = readFileSync(GUIDE, 'utf8');
  const parts = text.split(/\n(?=## )/);
  const title = (parts[0] ?? '').split('\n')[0] ?? '# Guide';
  const chosen = parts.filter((part) => sections.some((heading) => part.startsWith(`## ${heading}`)));
  if (chosen.length !== sections.length)
    throw new Error(`guide excerpt: found ${chosen.length} of ${sections.length} sections`);
  mkdirSync(corpusDir, { recursive: true });
  writeFileSync(
    join(corpusDir, 'guide.md'),
    `${title}\n\n${chosen.join('\n')}\n${extra ? `\n${extra}\n` : ''}`,
  );
}

/** One encoder per test file: loading it is the slow part. */
export const sharedEmbeddings = new UseLiteEmbeddings();

/** Ingests `corpusDir` into `indexDir` with the real pipeline. */
export async function ingest(corpusDir: string, indexDir: string): Promise<void> {
  await ingestCorpus({
    corpusDir,
    indexDir,
    embeddings: sharedEmbeddings,
    chunkSize: 900,
    chunkOverlap: 100,
  });
}

export function guideConfig(base: Config, corpusDir: string, indexDir: string): Config {
  return Object.freeze({ ...base, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir });
}

export { loadConfig };
