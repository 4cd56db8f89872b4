import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PipelineError } from '../../src/core/errors.js';
import { INGEST_USAGE, runIngestCommand } from '../../src/ingest/command.js';
import { HashEmbeddings, TINY_CORPUS, copyCorpus, makeTempDir } from './helpers.js';

let tmp: { dir: string; cleanup: () => void };
let corpusDir: string;
let indexDir: string;

beforeEach(() => {
  tmp = makeTempDir('guidebot-command-');
  corpusDir = copyCorpus(TINY_CORPUS, path.join(tmp.dir, 'corpus'));
  indexDir = path.join(tmp.dir, 'index');
});
afterEach(() => tmp.cleanup());

/** Runs the command in-process with a fake embedder, capturing what it prints. */
async function run(argv: string[], env: Record<string, string> = {}, options: { signal?: AbortSignal } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  let embedderCreated = false;
  const code = await runIngestCommand({
    argv,
    env: { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, LOG_LEVEL: 'silent', ...env },
    stdout: { write: (text: string) => out.push(text) },
    stderr: { isTTY: false, write: (text: string) => err.push(text) } as unknown as NodeJS.WriteStream,
    createEmbeddings: () => {
      embedderCreated = true;
      return new HashEmbeddings();
    },
    ...options,
  });
  return { code, stdout: out.join(''), stderr: err.join(''), embedderCreated };
}

const oneLine = (text: string) => {
  expect(text.endsWith('\n')).toBe(true);
  expect(text.trimEnd().split('\n')).toHaveLength(1);
};

describe('npm run ingest (runIngestCommand)', () => {
  it('builds the index and prints the summary for people, or as one JSON object with --json', async () => {
    const human = await run([]);
    expect(human).toMatchObject({ code: 0, stderr: '' });
    expect(human.stdout).toContain('files 2, sections 10, chunks 10');
    const json = await run(['--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ files: 2, chunks: 10, reused: 10 });
  });

  it('rejects an unknown flag with one line naming it and exit 2, touching nothing', async () => {
    const result = await run(['--jsno']);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
    expect(result.stderr).toMatch(/^Ingestion failed: Unknown option --jsno\. Usage: npm run ingest/);
    expect(result.stdout).toBe('');
    expect(result.embedderCreated).toBe(false);
    expect(existsSync(indexDir)).toBe(false);
  });

  it('rejects a stray argument with exit 2, as JSON when --json was given', async () => {
    const result = await run(['--json', 'corpus']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: 'USAGE', message: expect.stringContaining('Unexpected argument corpus.') },
    });
    expect(result.stderr).toBe('');
  });

  it('prints the usage for --help', async () => {
    const result = await run(['--help']);
    expect(result).toMatchObject({ code: 0, stdout: `${INGEST_USAGE}\n` });
  });

  it('names a bad setting in one line, before creating the embedder', async () => {
    const result = await run([], { CHUNK_SIZE: 'lots' });
    expect(result.code).toBe(1);
    oneLine(result.stderr);
    expect(result.stderr).toContain('CHUNK_SIZE');
    expect(result.embedderCreated).toBe(false);
  });

  it('names a missing corpus folder and CORPUS_DIR, before creating the embedder; JSON error with --json', async () => {
    const missing = path.join(tmp.dir, 'nowhere');
    const human = await run([], { CORPUS_DIR: missing });
    expect(human.code).toBe(1);
    oneLine(human.stderr);
    expect(human.stderr).toBe(
      `Ingestion failed: The corpus folder ${missing} does not exist (set CORPUS_DIR).\n`,
    );
    expect(human.embedderCreated).toBe(false);

    const json = await run(['--json'], { CORPUS_DIR: missing });
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        code: 'CORPUS_MISSING',
        message: `The corpus folder ${missing} does not exist (set CORPUS_DIR).`,
      },
    });
    expect(existsSync(indexDir)).toBe(false);
  });

  it('names a binary corpus file in one line', async () => {
    writeFileSync(path.join(corpusDir, 'logo.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const result = await run(['--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: 'CORPUS_BINARY',
      message: expect.stringContaining('logo.md'),
    });
  });

  it('reports an interrupt as INGEST_INTERRUPTED, leaving no lock and no build', async () => {
    const controller = new AbortController();
    controller.abort(new PipelineError('INGEST_INTERRUPTED', 'Interrupted by SIGINT.'));
    const result = await run(['--json'], {}, { signal: controller.signal });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('INGEST_INTERRUPTED');
    expect(existsSync(path.join(indexDir, '.ingest.lock'))).toBe(false);
    expect(existsSync(path.join(indexDir, 'CURRENT'))).toBe(false);
  });

  it('prints an unexpected failure as one line without a stack trace', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runIngestCommand({
      argv: [],
      env: { CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, LOG_LEVEL: 'silent' },
      stdout: { write: (text: string) => out.push(text) },
      stderr: { isTTY: false, write: (text: string) => err.push(text) } as unknown as NodeJS.WriteStream,
      createEmbeddings: () => {
        throw new Error('disk on fire\n    at somewhere (file.ts:1:1)');
      },
    });
    expect(code).toBe(1);
    oneLine(err.join(''));
    expect(err.join('')).toBe(
      'Ingestion failed: Unexpected error: disk on fire at somewhere (file.ts:1:1)\n',
    );
  });
});
