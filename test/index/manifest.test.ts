import { describe, expect, it } from 'vitest';
import {
  INDEX_SCHEMA_VERSION,
  UnsupportedSchemaVersionError,
  parseManifest,
  sameEmbedder,
} from '../../src/index/manifest.js';

const VALID = {
  schemaVersion: INDEX_SCHEMA_VERSION,
  embedder: { provider: 'use-lite', model: 'universal-sentence-encoder-lite', dimensions: 512 },
  files: { 'guide.md': 'ab'.repeat(32) },
  sectionCount: 25,
  chunkCount: 51,
  builtAt: '2025-01-01T00:00:00.000Z',
  buildId: '20250101T000000000Z-abcdef',
  splitter: { chunkSize: 900, chunkOverlap: 100 },
};

const text = (value: unknown) => JSON.stringify(value);

describe('parseManifest', () => {
  it('returns a valid manifest as written', () => {
    expect(parseManifest(text(VALID))).toEqual(VALID);
  });

  it('names a missing field', () => {
    const withoutEmbedder: Partial<typeof VALID> = { ...VALID };
    delete withoutEmbedder.embedder;
    expect(() => parseManifest(text(withoutEmbedder))).toThrow(/field "embedder"/);
  });

  it('names a nested field of the wrong type', () => {
    expect(() =>
      parseManifest(text({ ...VALID, splitter: { chunkSize: '900', chunkOverlap: 100 } })),
    ).toThrow(/field "splitter.chunkSize"/);
    expect(() => parseManifest(text({ ...VALID, files: { 'guide.md': 42 } }))).toThrow(
      /field "files.guide.md"/,
    );
  });

  it('says when the text is not JSON or not an object', () => {
    expect(() => parseManifest('{ nope')).toThrow(/not JSON/);
    expect(() => parseManifest('null')).toThrow(/object/);
  });

  it('reports another schema version as such, before looking at the other fields', () => {
    const error = (() => {
      try {
        parseManifest(text({ schemaVersion: 999 }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnsupportedSchemaVersionError);
    expect((error as UnsupportedSchemaVersionError).found).toBe(999);
    expect((error as Error).message).toContain('schema version 999');
  });
});

describe('sameEmbedder', () => {
  it('needs provider, model and dimensions to match', () => {
    const a = VALID.embedder;
    expect(sameEmbedder(a, { ...a })).toBe(true);
    expect(sameEmbedder(a, { ...a, model: 'other' })).toBe(false);
    expect(sameEmbedder(a, { ...a, dimensions: 256 })).toBe(false);
    expect(sameEmbedder(a, { ...a, provider: 'openai' })).toBe(false);
  });
});
