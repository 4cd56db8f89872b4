import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  // Run from the temporary folder with a clean environment, so a developer's .env or shell settings
  // never reach the tools under test.
  const child = run(TSX, [path.join(REPO_ROOT, script), ...args], {
    cwd: work,
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
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CORPUS_DIR: TINY_CORPUS,
    INDEX_DIR: path.join(work, 'index'),
    LOG_LEVEL: 'silent',
  };
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
      cwd: work,
      env: { ...env, CORPUS_DIR: missing },
    });
    const { stdout, stderr } = await child;
    expect(stderr).toContain(`The corpus folder ${missing} does not exist (set CORPUS_DIR).`);
    expect(stderr).not.toMatch(/corpus changed/);
    expect(JSON.parse(stdout)).toMatchObject({ outcome: 'answered' });
  });

  it('with --stdin writes one JSON object per input line, in order', async () => {
    const questions = [
      'What oven temperature should I bake at?',
      '   ',
      'Who won the world cup in 2022?',
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
    // An empty question gets a clear message instead of a crash.
    expect(results[1]).toMatchObject({ outcome: 'invalid', invalidCode: 'empty', grounded: false });
    expect(results[1].answer).toMatch(/empty/);
    // An off-topic question is refused as not grounded, with suggestions and no citations.
    expect(results[2]).toMatchObject({ grounded: false, outcome: 'out_of_scope', citations: [] });
    expect(results[2].suggestions.length).toBeGreaterThan(0);
    expect(results[2].answer).toMatch(/doesn't cover/);
    expect(results[3].citations[0].heading).toBe('Can I keep bees in a city?');
    expect(results[4].invalidCode).toBe('no_text');
    expect(results[5].invalidCode).toBe('too_long');
  });

  it('prints the answer and its sources for people without --json', async () => {
    const { stdout } = await cli('src/cli/ask.ts', ['How do I avoid getting stung?']);
    expect(stdout).toMatch(/Sources:\n\s+\[1\] How do I avoid getting stung\?/);
  });
});

describe('bad command lines and broken inputs', () => {
  it('rejects an unknown flag with one line naming it and the usage, exit 2, before loading anything', async () => {
    const failure = await cli('src/cli/ask.ts', ['--jsno', 'pay?']).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 2, stdout: '' });
    const { stderr } = failure as { stderr: string };
    expect(stderr).toMatch(/--jsno/);
    expect(stderr).toMatch(/Usage: npm run ask/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('prints a JSON error object on stdout with --json when the index is broken', async () => {
    const broken = path.join(work, 'broken-index');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'CURRENT'), 'no-such-build\n');
    const failure = await run(TSX, [path.join(REPO_ROOT, 'src/cli/ask.ts'), '--json', 'pay?'], {
      cwd: work,
      env: { ...env, INDEX_DIR: broken },
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 1 });
    const { stdout } = failure as { stdout: string };
    const parsed = JSON.parse(stdout.trim()) as { error: { code: string; message: string } };
    expect(parsed.error.code).toMatch(/^INDEX_/);
    expect(parsed.error.message.length).toBeGreaterThan(10);
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

  it('names a missing questions file in one line, without loading the model', async () => {
    await expect(cli('src/cli/eval.ts', [path.join(work, 'nope.jsonl')])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Cannot read the questions file .*nope\.jsonl: ENOENT/),
    });
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
