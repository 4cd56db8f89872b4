import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_WORD_VECTORS_DIR,
  WORD_VECTOR_FILES,
  WordVectorsError,
  loadWordVectors,
  type WordVectors,
} from '../../../src/core/words/word-vectors.js';

// The real committed cache: these tests also check that what is in the repo is sound.
let vectors: WordVectors;
beforeAll(() => {
  vectors = loadWordVectors(DEFAULT_WORD_VECTORS_DIR);
});

function sim(a: string, b: string): number {
  const value = vectors.similarity(a, b);
  if (value === undefined) throw new Error(`no similarity for ${a} ~ ${b}`);
  return value;
}

describe('loadWordVectors on the committed cache', () => {
  it('has 100 dimensions and the top 60k words plus the guide’s words', () => {
    expect(vectors.dimensions).toBe(100);
    expect(vectors.size).toBeGreaterThanOrEqual(60_000);
    for (const word of ['salary', 'receptionist', 'clinic']) expect(vectors.has(word)).toBe(true);
    // Guide words below the top 60k are there because the build adds the corpus's words.
    for (const word of ['optometrists', 'scribing', 'aapc']) expect(vectors.has(word)).toBe(true);
  });

  it('lists its words most frequent first, each once', () => {
    const list = [...vectors.words()];
    expect(list).toHaveLength(vectors.size);
    expect(list.slice(0, 3)).toEqual(['the', 'of', 'to']);
    expect(new Set(list).size).toBe(list.length);
  });

  it('scores related words above unrelated ones', () => {
    expect(sim('dentist', 'dental')).toBeGreaterThan(sim('dentist', 'salary'));
    expect(sim('paycheck', 'salary')).toBeGreaterThan(sim('paycheck', 'hospital'));
    expect(sim('boss', 'supervisor')).toBeGreaterThan(sim('boss', 'banana'));
    expect(sim('job', 'career')).toBeGreaterThan(0.5);
    expect(vectors.similarity('make', 'earn')).toBeTypeOf('number');
  });

  it('is symmetric, 1 for a word with itself, and within [-1, 1]', () => {
    expect(sim('salary', 'wage')).toBeCloseTo(sim('wage', 'salary'), 6);
    expect(sim('salary', 'salary')).toBeCloseTo(1, 6);
    for (const [a, b] of [
      ['the', 'zebra'],
      ['good', 'bad'],
      ['hospital', 'clinic'],
    ] as const) {
      expect(Math.abs(sim(a, b))).toBeLessThanOrEqual(1);
    }
  });

  it('gives undefined for unknown words', () => {
    expect(vectors.has('qwxzzyv')).toBe(false);
    expect(vectors.vector('qwxzzyv')).toBeUndefined();
    expect(vectors.similarity('qwxzzyv', 'salary')).toBeUndefined();
    expect(vectors.similarity('salary', 'qwxzzyv')).toBeUndefined();
    expect(vectors.similarity('', 'salary')).toBeUndefined();
  });

  it('looks words up case-insensitively', () => {
    expect(vectors.has('Dentist')).toBe(true);
    expect(vectors.similarity('SALARY', 'salary')).toBeCloseTo(1, 6);
  });

  it('returns unit-length vectors, a fresh copy each time', () => {
    for (const word of ['the', 'dentist', 'paycheck', 'stressful', 'remote', 'scribing']) {
      const v = vectors.vector(word)!;
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(100);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    const first = vectors.vector('salary')!;
    first.fill(0);
    expect(Math.hypot(...vectors.vector('salary')!)).toBeCloseTo(1, 5);
  });

  it('agrees with the dot product of its own vectors', () => {
    const a = vectors.vector('promoted')!;
    const b = vectors.vector('advance')!;
    const dot = a.reduce((sum, x, i) => sum + x * b[i]!, 0);
    expect(sim('promoted', 'advance')).toBeCloseTo(dot, 5);
  });
});

describe('loadWordVectors errors', () => {
  const temps: string[] = [];
  afterEach(() => {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function copyOfCache(): { dir: string; vectorsFile: string; wordsFile: string } {
    const dir = mkdtempSync(path.join(tmpdir(), 'word-vectors-'));
    temps.push(dir);
    const vectorsFile = path.join(dir, WORD_VECTOR_FILES.vectors);
    const wordsFile = path.join(dir, WORD_VECTOR_FILES.words);
    copyFileSync(path.join(DEFAULT_WORD_VECTORS_DIR, WORD_VECTOR_FILES.vectors), vectorsFile);
    copyFileSync(path.join(DEFAULT_WORD_VECTORS_DIR, WORD_VECTOR_FILES.words), wordsFile);
    return { dir, vectorsFile, wordsFile };
  }

  function loadError(dir: string): WordVectorsError {
    try {
      loadWordVectors(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(WordVectorsError);
      return error as WordVectorsError;
    }
    throw new Error('loadWordVectors did not throw');
  }

  it('loads an intact copy', () => {
    const { dir } = copyOfCache();
    expect(loadWordVectors(dir).size).toBe(vectors.size);
  });

  it('WORD_VECTORS_MISSING for a folder that does not exist', () => {
    const dir = path.join(tmpdir(), 'no-such-word-vectors-folder');
    const error = loadError(dir);
    expect(error.code).toBe('WORD_VECTORS_MISSING');
    expect(error.file).toBe(dir);
    expect(error.message).toContain(dir);
  });

  it('WORD_VECTORS_MISSING naming the file when one file is absent', () => {
    const { dir, vectorsFile } = copyOfCache();
    rmSync(vectorsFile);
    const error = loadError(dir);
    expect(error.code).toBe('WORD_VECTORS_MISSING');
    expect(error.file).toBe(vectorsFile);
  });

  it('WORD_VECTORS_CORRUPT naming the vectors file when it is truncated', () => {
    const { dir, vectorsFile } = copyOfCache();
    truncateSync(vectorsFile, vectors.size * 100 - 37);
    const error = loadError(dir);
    expect(error.code).toBe('WORD_VECTORS_CORRUPT');
    expect(error.file).toBe(vectorsFile);
    expect(error.message).toContain(WORD_VECTOR_FILES.vectors);
  });

  it('WORD_VECTORS_CORRUPT when the word list is cut short', () => {
    const { dir, wordsFile } = copyOfCache();
    const lines = readFileSync(wordsFile, 'utf8').split('\n');
    writeFileSync(wordsFile, `${lines.slice(0, 1000).join('\n')}\n`);
    expect(loadError(dir).code).toBe('WORD_VECTORS_CORRUPT');
  });

  it('WORD_VECTORS_CORRUPT for a repeated word or an all-zero row', () => {
    const repeated = copyOfCache();
    const text = readFileSync(repeated.wordsFile, 'utf8');
    writeFileSync(repeated.wordsFile, text.replace(/^the\n/, 'of\n'));
    expect(loadError(repeated.dir).code).toBe('WORD_VECTORS_CORRUPT');

    const zeroed = copyOfCache();
    const bytes = readFileSync(zeroed.vectorsFile);
    bytes.fill(0, 500, 600);
    writeFileSync(zeroed.vectorsFile, bytes);
    const error = loadError(zeroed.dir);
    expect(error.code).toBe('WORD_VECTORS_CORRUPT');
    expect(error.message).toContain('row 6');
  });
});
