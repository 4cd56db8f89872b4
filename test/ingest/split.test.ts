import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADING_PATH_SEPARATOR, splitIntoSections, splitMarkdown } from '../../src/ingest/split.js';
import { GUIDE_CORPUS, REPO_ROOT, SPLIT, TINY_CORPUS } from './helpers.js';

const GUIDE_FILE = 'medical-administrative-assistant-guide.md';
const guide = readFileSync(path.join(GUIDE_CORPUS, GUIDE_FILE), 'utf8');
const beekeeping = readFileSync(path.join(TINY_CORPUS, 'beekeeping.md'), 'utf8');
const collapse = (text: string) => text.replace(/\s+/g, ' ');
const OTHER = 'Other Things To Know About Becoming a Medical Administrative Assistant';

describe('the guide in corpus/', () => {
  it("keeps the guide's words: without # markers and blank lines it is exactly the source text", () => {
    const markdownLines = guide
      .split(/\r?\n/)
      .map((line) => line.replace(/^#{1,6} /, ''))
      .filter((line) => line.trim().length > 0);
    const sourceLines = readFileSync(path.join(REPO_ROOT, 'test/fixtures/guide-source.txt'), 'utf8')
      .split(/\r?\n/)
      .filter((line) => line.trim().length > 0);
    expect(markdownLines).toEqual(sourceLines);
  });

  it('has the title as the only # heading and the Other Things questions (four in the source) as ###', () => {
    expect(guide.match(/^# .*/gm)).toHaveLength(1);
    expect(guide.match(/^### .*/gm)).toHaveLength(4);
  });
});

describe('splitMarkdown on the guide', async () => {
  const chunks = await splitMarkdown(guide, GUIDE_FILE, SPLIT);
  const sections = splitIntoSections(guide, GUIDE_FILE);

  it('gives ### sections their full heading path', () => {
    const remote = chunks.find(
      (chunk) => chunk.metadata.heading === 'Are there opportunities for remote work in this field?',
    );
    expect(remote?.metadata.headingPath).toBe(
      `${OTHER}${HEADING_PATH_SEPARATOR}Are there opportunities for remote work in this field?`,
    );
    expect(remote?.metadata.anchor).toBe('are-there-opportunities-for-remote-work-in-this-field');
    expect(remote?.embedText.startsWith(`${remote.metadata.heading}\n\n`)).toBe(true);
  });

  it('gives ## sections a path of their own heading only', () => {
    const salary = chunks.find(
      (chunk) => chunk.metadata.heading === 'How much is the salary of medical administrative assistants?',
    );
    expect(salary?.metadata.headingPath).toBe('How much is the salary of medical administrative assistants?');
    expect(salary?.text).toContain('$44,460');
  });

  it('does not index the table of contents', () => {
    expect(chunks.some((chunk) => /table of contents/i.test(chunk.metadata.heading))).toBe(false);
    // Its list of questions appears nowhere as a chunk of its own.
    expect(
      chunks.some((chunk) => chunk.text.startsWith('- What is a medical administrative assistant?')),
    ).toBe(false);
  });

  it('never lets a chunk cross a section boundary', () => {
    for (const chunk of chunks) {
      const section = sections.find((s) => s.anchor === chunk.metadata.anchor);
      expect(section, chunk.metadata.chunkId).toBeDefined();
      // Words as in the section, in order; only blank lines may differ (a list stays with its intro line).
      expect(collapse(section!.body)).toContain(collapse(chunk.text));
      expect(chunk.text).not.toMatch(/^#{1,6} /m);
    }
  });

  it('keeps chunks within the chunk size and numbers them per section from 0', () => {
    const bySection = new Map<string, number[]>();
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(SPLIT.chunkSize);
      bySection.set(chunk.metadata.anchor, [
        ...(bySection.get(chunk.metadata.anchor) ?? []),
        chunk.metadata.ordinal,
      ]);
      expect(chunk.metadata.chunkId).toBe(`${GUIDE_FILE}#${chunk.metadata.anchor}:${chunk.metadata.ordinal}`);
    }
    for (const ordinals of bySection.values()) expect(ordinals).toEqual(ordinals.map((_, i) => i));
    expect(new Set(chunks.map((c) => c.metadata.chunkId)).size).toBe(chunks.length);
  });

  it("gives the same anchors, ids and hashes on every run and for other chunk sizes' anchors", async () => {
    const again = await splitMarkdown(guide, GUIDE_FILE, SPLIT);
    expect(again.map((c) => c.metadata)).toEqual(chunks.map((c) => c.metadata));
    const smaller = await splitMarkdown(guide, GUIDE_FILE, { chunkSize: 400, chunkOverlap: 50 });
    expect(new Set(smaller.map((c) => c.metadata.anchor))).toEqual(
      new Set(chunks.map((c) => c.metadata.anchor)),
    );
  });

  it('keeps an anchor when an unrelated section is edited', async () => {
    const edited = guide.replace('## Key Insights', '## Key Insights\n\nAn added sentence.');
    const editedChunks = await splitMarkdown(edited, GUIDE_FILE, SPLIT);
    const anchors = (list: typeof chunks) => [...new Set(list.map((c) => c.metadata.anchor))];
    expect(anchors(editedChunks)).toEqual(anchors(chunks));
    const unchanged = editedChunks.filter((c) => c.metadata.heading !== 'Key Insights');
    expect(unchanged.map((c) => c.metadata.contentHash)).toEqual(
      chunks.filter((c) => c.metadata.heading !== 'Key Insights').map((c) => c.metadata.contentHash),
    );
  });
});

describe('splitMarkdown on the tiny fixture corpus', async () => {
  const chunks = await splitMarkdown(beekeeping, 'beekeeping.md', SPLIT);

  it('nests ### under its ## heading and skips the table of contents', () => {
    expect(chunks.map((c) => c.metadata.headingPath)).toEqual([
      "A Beginner's Guide to Backyard Beekeeping",
      'How much honey does a hive produce?',
      'What equipment do I need?',
      `What equipment do I need?${HEADING_PATH_SEPARATOR}Do I need a bee suit?`,
      'Can I keep bees in a city?',
      'How do I avoid getting stung?',
    ]);
  });

  it('does not let the ### section leak into its parent section', () => {
    const equipment = chunks.find((c) => c.metadata.heading === 'What equipment do I need?');
    expect(equipment?.text).toContain('Langstroth');
    expect(equipment?.text).not.toContain('veiled jacket and nitrile gloves');
  });

  it('derives GitHub-style anchors from headings', () => {
    expect(chunks.map((c) => c.metadata.anchor)).toContain('can-i-keep-bees-in-a-city');
    expect(chunks.map((c) => c.metadata.anchor)).toContain('a-beginners-guide-to-backyard-beekeeping');
  });
});
