import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { loadEvalQuestions, type EvalQuestion } from '../../src/cli/evaluate.js';
import { sameText } from '../split/split-set.js';

/**
 * The tune questions without those that a test half also holds, word for word: blind writers of one model
 * repeat each other ("whats 15% of 240"), and a question fitted on would flatter the test half that holds it.
 * Only the test halves' question texts are read.
 */
export async function withoutHeldOut(
  tune: readonly EvalQuestion[],
  testFiles: readonly string[],
): Promise<{ kept: EvalQuestion[]; dropped: number }> {
  const held = new Set(
    (await Promise.all(testFiles.map((file) => loadEvalQuestions(file)))).flat().map((q) => sameText(q.q)),
  );
  const kept = tune.filter((q) => !held.has(sameText(q.q)));
  return { kept, dropped: tune.length - kept.length };
}

/** A set's family: its name without the half and the writer round ("members3-tune.jsonl" -> "members"). */
function familyOf(file: string): string {
  return basename(file)
    .replace(/-(tune|test)\.jsonl$/, '')
    .replace(/\d+$/, '');
}

/** The `*-test.jsonl` files beside the given sets, of the same families ("members", "lists"). */
export async function testHalvesBeside(sets: readonly string[]): Promise<string[]> {
  const families = new Set(sets.map(familyOf));
  const folders = [...new Set(sets.map((file) => dirname(file)))];
  const found = await Promise.all(
    folders.map(async (folder) =>
      (await readdir(folder))
        .filter((name) => name.endsWith('-test.jsonl') && families.has(familyOf(name)))
        .map((name) => join(folder, name)),
    ),
  );
  return found.flat().sort();
}
