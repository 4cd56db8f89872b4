import { describe, expect, it } from 'vitest';
import { BenchSettingError, listOf, parseFlags, wholeNumber } from '../../scripts/bench/flags.js';

const FLAGS = {
  scale: { type: 'string', default: '100' },
  quick: { type: 'boolean', default: false },
} as const;

describe('bench flags', () => {
  it('parses the flags it knows, with their defaults', () => {
    expect(parseFlags(['--quick'], FLAGS)).toEqual({ scale: '100', quick: true });
  });

  it('refuses an unknown flag, a missing value and a stray argument, naming them', () => {
    expect(() => parseFlags(['--query-runs', '1'], FLAGS)).toThrow(
      new BenchSettingError("Unknown option '--query-runs'. Accepted flags: --scale --quick"),
    );
    expect(() => parseFlags(['--scale'], FLAGS)).toThrow(/Option '--scale <value>' argument missing/);
    expect(() => parseFlags(['extra'], FLAGS)).toThrow(/Unexpected argument 'extra'/);
  });

  it('checks numbers and lists, naming the flag and the bad value', () => {
    expect(wholeNumber('soak', '10000', 0)).toBe(10_000);
    expect(() => wholeNumber('soak', '1e4', 0)).toThrow('--soak must be a whole number >= 0 (got "1e4")');
    expect(() => wholeNumber('burst-concurrency', '0', 1)).toThrow(/--burst-concurrency .* >= 1 \(got "0"\)/);
    expect(listOf('bots', 'ref-reply, guidebot,ref-reply', ['guidebot', 'ref-reply'])).toEqual([
      'ref-reply',
      'guidebot',
    ]);
    expect(() => listOf('bots', 'guidebot,other', ['guidebot'])).toThrow(
      '--bots must be one of guidebot (got "other")',
    );
  });
});
