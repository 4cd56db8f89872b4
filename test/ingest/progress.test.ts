import { describe, expect, it } from 'vitest';
import { createProgressLine, formatProgress, formatSummary } from '../../src/ingest/progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return {
    stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream,
    written,
  };
}

describe('ingestion progress', () => {
  it('formats a phase with counts and percent', () => {
    expect(formatProgress({ phase: 'embed', done: 30, total: 120 })).toBe('Embedding chunks 30/120 (25%)');
  });

  it('redraws one terminal line and shows every new phase', () => {
    const { stream, written } = fakeStream(true);
    const line = createProgressLine(stream);
    line.update({ phase: 'read', done: 1, total: 2 });
    line.update({ phase: 'embed', done: 0, total: 10 });
    line.clear();
    expect(written).toEqual([
      '\r\x1b[2KReading files 1/2 (50%)',
      '\r\x1b[2KEmbedding chunks 0/10 (0%)',
      '\r\x1b[2K',
    ]);
  });

  it('prints nothing when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const line = createProgressLine(stream);
    line.update({ phase: 'read', done: 1, total: 1 });
    line.clear();
    expect(written).toEqual([]);
  });

  it('summarises files, sections, chunks, embedded, reused, answer sentences, requests and time', () => {
    const text = formatSummary({
      buildId: 'b1',
      files: 1,
      sections: 25,
      chunks: 51,
      embedded: 3,
      reused: 48,
      sentences: { count: 246, embedded: 5, reused: 241 },
      requests: 1,
      ms: 1234,
      indexDir: '/x',
    });
    expect(text).toContain('files 1, sections 25, chunks 51');
    expect(text).toContain('embedded 3, reused 48, embedding requests 1');
    expect(text).toContain('answer sentences 246: embedded 5, reused 241');
    expect(text).toContain('time 1.23 s');
  });
});
