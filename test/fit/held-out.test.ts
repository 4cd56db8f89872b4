import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHalvesBeside, withoutHeldOut } from '../../scripts/fit/held-out.js';
import type { EvalQuestion } from '../../src/cli/evaluate.js';
import { makeTempDir } from '../ingest/helpers.js';

let tmp: { dir: string; cleanup: () => void };

beforeAll(() => {
  tmp = makeTempDir('guidebot-held-out-');
  const line = (q: string) => `${JSON.stringify({ q, outOfScope: true })}\n`;
  writeFileSync(join(tmp.dir, 'a-test.jsonl'), line('whats 15% of 240') + line('who won the super bowl'));
  writeFileSync(join(tmp.dir, 'a2-test.jsonl'), line('how much do MAAs make'));
  writeFileSync(join(tmp.dir, 'a-tune.jsonl'), line('is it stressful'));
  // Another family (the pin matcher's pairs), in another format: not read.
  writeFileSync(join(tmp.dir, 'pairs-test.jsonl'), '{"a": "x", "b": "y"}\n');
});
afterAll(() => tmp?.cleanup());

const tune = (...texts: string[]): EvalQuestion[] => texts.map((q) => ({ q, outOfScope: true }));

describe('the fit leaves out tune questions a test half repeats', () => {
  it("finds the test halves of the tune sets' families beside them, and no tune set", async () => {
    const files = await testHalvesBeside([join(tmp.dir, 'a-tune.jsonl')]);
    expect(files).toEqual([join(tmp.dir, 'a-test.jsonl'), join(tmp.dir, 'a2-test.jsonl')]);
  });

  it('drops a repeat whatever its case and spacing, and keeps the rest', async () => {
    const files = await testHalvesBeside([join(tmp.dir, 'a-tune.jsonl')]);
    const { kept, dropped } = await withoutHeldOut(
      tune('Whats 15%  of 240', 'how much do MAAs make', 'is it stressful', 'whats 16% of 240'),
      files,
    );
    expect(dropped).toBe(2);
    expect(kept.map((q) => q.q)).toEqual(['is it stressful', 'whats 16% of 240']);
  });
});
