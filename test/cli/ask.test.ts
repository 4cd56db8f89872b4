import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, TINY_CORPUS } from '../ingest/helpers.js';

const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

let work: string;
let env: NodeJS.ProcessEnv;

async function cli(script: string, args: string[], input?: string) {
  const child = run(TSX, [path.join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    env,
    maxBuffer: 10_000_000,
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return child;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'guidebot-cli-'));
  // No index yet: the first `ask` must build it and say so on stderr, keeping stdout for JSON.
  env = { ...process.env, CORPUS_DIR: TINY_CORPUS, INDEX_DIR: path.join(work, 'index'), LOG_LEVEL: 'silent' };
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ask --json', () => {
  it('builds a missing index first, says so on stderr, and prints one JSON answer with citations', async () => {
    const { stdout, stderr } = await cli('src/cli/ask.ts', [
      '--json',
      'How much honey will one hive give me in a year?',
    ]);
    expect(stderr).toMatch(/No index .* building it/);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!);
    expect(result).toMatchObject({ grounded: true, outcome: 'answered' });
    expect(typeof result.answer).toBe('string');
    expect(result.answer).toMatch(/pounds/);
    expect(result.citations.length).toBeGreaterThan(0);
    for (const citation of result.citations) {
      expect(citation).toEqual(
        expect.objectContaining({
          n: expect.any(Number),
          heading: expect.any(String),
          headingPath: expect.any(String),
          source: expect.any(String),
          score: expect.any(Number),
        }),
      );
      expect(result.answer).toContain(`[${citation.n}]`);
    }
    expect(result.citations[0].heading).toBe('How much honey does a hive produce?');
  });

  it('says the corpus folder is missing (naming CORPUS_DIR), not that the corpus changed, and still answers', async () => {
    const missing = path.join(work, 'no-corpus');
    const child = run(TSX, [path.join(REPO_ROOT, 'src/cli/ask.ts'), '--json', 'Can I keep bees in a city?'], {
      cwd: REPO_ROOT,
      env: { ...env, CORPUS_DIR: missing },
    });
    const { stdout, stderr } = await child;
    expect(stderr).toContain(`The corpus folder ${missing} does not exist (set CORPUS_DIR).`);
    expect(stderr).not.toMatch(/corpus changed/);
    expect(JSON.parse(stdout)).toMatchObject({ outcome: 'answered' });
  });

  it('refuses an off-topic question as not grounded, with suggestions and no citations', async () => {
    const { stdout } = await cli('src/cli/ask.ts', ['--json', 'Who won the world cup in 2022?']);
    const result = JSON.parse(stdout);
    expect(result.grounded).toBe(false);
    expect(result.outcome).toBe('out_of_scope');
    expect(result.citations).toEqual([]);
    expect(result.suggestions.length).toBeGreaterThan(0);
    expect(result.answer).toMatch(/doesn't cover/);
  });

  it('answers an empty question with a clear message instead of crashing', async () => {
    const { stdout } = await cli('src/cli/ask.ts', ['--json', '   ']);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ outcome: 'invalid', invalidCode: 'empty', grounded: false });
  });

  it('with --stdin writes one JSON object per input line, in order', async () => {
    const questions = [
      'What oven temperature should I bake at?',
      '',
      'Can I keep bees in the city?',
      '🐝🐝🐝',
      'x'.repeat(600),
    ];
    const { stdout } = await cli('src/cli/ask.ts', ['--json', '--stdin'], `${questions.join('\n')}\n`);
    const results = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results).toHaveLength(questions.length);
    expect(results[0].citations[0].heading).toBe('What oven temperature should I bake at?');
    expect(results[1].invalidCode).toBe('empty');
    expect(results[2].citations[0].heading).toBe('Can I keep bees in a city?');
    expect(results[3].invalidCode).toBe('no_text');
    expect(results[4].invalidCode).toBe('too_long');
  });

  it('prints the answer and its sources for people without --json', async () => {
    const { stdout } = await cli('src/cli/ask.ts', ['How do I avoid getting stung?']);
    expect(stdout).toMatch(/Sources:\n\s+\[1\] How do I avoid getting stung\?/);
  });
});

describe('eval', () => {
  it('reports recall, MRR, fact hits, refusals and latency as JSON', async () => {
    const file = path.join(work, 'questions.jsonl');
    writeFileSync(
      file,
      [
        {
          q: 'How many pounds of honey does a colony make?',
          sections: ['How much honey does a hive produce?'],
          facts: ['60 pounds'],
        },
        {
          q: 'How long should sourdough rise?',
          sections: ['How long does the dough need to rise?'],
          facts: ['four to six hours'],
        },
        { q: 'What is the capital of France?', outOfScope: true },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const { stdout } = await cli('src/cli/eval.ts', [file, '--json']);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      questions: 3,
      inScope: 2,
      outOfScope: 1,
      recallAt1: 1,
      recallAt3: 1,
      mrr: 1,
    });
    expect(report.factHit).toBe(1);
    expect(report.outOfScopeRefusal).toBe(1);
    expect(report.inScopeAnswered).toBe(1);
    expect(report.latencyMs.p95).toBeGreaterThanOrEqual(report.latencyMs.p50);
  });

  it('exits non-zero with a message when the questions file is malformed', async () => {
    const file = path.join(work, 'bad.jsonl');
    writeFileSync(file, '{"q": "fine"}\nnot json\n');
    await expect(cli('src/cli/eval.ts', [file])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/bad\.jsonl:2/),
    });
  });
});
