/**
 * The corpus as ingestion sees it: the `.md` files under CORPUS_DIR, listed in a fixed order, read and
 * checked, and hashed (the manifest records the hashes; `checkStale` compares them).
 */
import { isUtf8 } from 'node:buffer';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { PipelineError } from '../core/errors.js';
import { sha256 } from './split.js';
import { QUESTIONS_SUFFIX } from './alternative-questions.js';

/** One Markdown file of the corpus, read. */
export interface CorpusFile {
  /** Corpus-relative path with forward slashes. */
  source: string;
  text: string;
  /** sha256 (hex) of the file's bytes. */
  sha256: string;
}

/**
 * Checks that `corpusDir` is a folder.
 *
 * @throws PipelineError CORPUS_MISSING naming the folder and the CORPUS_DIR setting.
 */
export async function checkCorpusDir(corpusDir: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(corpusDir)).isDirectory();
  } catch (cause) {
    throw new PipelineError(
      'CORPUS_MISSING',
      `The corpus folder ${corpusDir} does not exist (set CORPUS_DIR).`,
      { cause },
    );
  }
  if (!isDirectory)
    throw new PipelineError(
      'CORPUS_MISSING',
      `The corpus path ${corpusDir} is not a folder (set CORPUS_DIR).`,
    );
}

/**
 * Every `.md` file under `corpusDir` (recursively, following no symlinked folders), as corpus-relative
 * paths with forward slashes, sorted by code unit so the order is the same on every machine.
 * A directory named `x.md` is returned too (it is a Markdown name); reading it fails, which ingestion
 * reports as an unreadable file.
 */
export async function listCorpusFiles(corpusDir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.name.toLowerCase().endsWith('.md')) {
        found.push(relative);
      } else if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        await walk(path.join(dir, entry.name), relative);
      }
    }
  };
  await walk(corpusDir, '');
  // The default sort compares UTF-16 code units: no locale, so the same order on every machine.
  return found.sort();
}

/**
 * Corpus-relative path -> sha256 (hex) of the file's bytes, for every `.md` file under `corpusDir` and
 * every alternative-questions file beside them (`<guide>.questions.json`): what the manifest records, so
 * an edited questions file makes the index stale and changes the corpus hash like an edited guide.
 */
export async function hashCorpusFiles(corpusDir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const file of await listCorpusFiles(corpusDir)) {
    const full = path.join(corpusDir, file);
    if (!(await stat(full)).isFile()) continue;
    hashes.set(file, sha256(await readFile(full)));
  }
  for (const [file, hash] of await hashQuestionFiles(corpusDir)) hashes.set(file, hash);
  return hashes;
}

/** The alternative-questions files (`*.questions.json`, top level of `corpusDir`) and their sha256. */
export async function hashQuestionFiles(corpusDir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const names = (await readdir(corpusDir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith(QUESTIONS_SUFFIX))
    .map((entry) => entry.name)
    .sort();
  for (const name of names) hashes.set(name, sha256(await readFile(path.join(corpusDir, name))));
  return hashes;
}

/**
 * Reads every `.md` file under `corpusDir`, in `listCorpusFiles` order, calling `onFileRead` after
 * each.
 *
 * @throws PipelineError CORPUS_UNREADABLE, CORPUS_EMPTY, CORPUS_BINARY or CORPUS_FILE_EMPTY, naming the
 *   folder or file.
 */
export async function readCorpus(
  corpusDir: string,
  onFileRead?: (done: number, total: number) => void,
): Promise<CorpusFile[]> {
  let sources: string[];
  try {
    sources = await listCorpusFiles(corpusDir);
  } catch (cause) {
    throw new PipelineError(
      'CORPUS_UNREADABLE',
      `Cannot list the corpus folder ${corpusDir}: ${(cause as Error).message}`,
      { cause },
    );
  }
  if (sources.length === 0) {
    throw new PipelineError('CORPUS_EMPTY', `The corpus folder ${corpusDir} has no Markdown (.md) files.`);
  }
  const files: CorpusFile[] = [];
  for (const [i, source] of sources.entries()) {
    const full = path.join(corpusDir, source);
    let bytes: Buffer;
    try {
      bytes = await readFile(full);
    } catch (cause) {
      const reason =
        (cause as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : (cause as Error).message;
      throw new PipelineError('CORPUS_UNREADABLE', `Cannot read the corpus file ${full}: ${reason}.`, {
        cause,
      });
    }
    checkText(bytes, full);
    const text = bytes.toString('utf8');
    if (text.replace(/^\s*#{1,6}(\s.*)?$/gm, '').trim().length === 0) {
      throw new PipelineError(
        'CORPUS_FILE_EMPTY',
        `${full} has no text to index (it is empty or holds only headings).`,
      );
    }
    files.push({ source, text, sha256: sha256(bytes) });
    onFileRead?.(i + 1, sources.length);
  }
  return files;
}

/**
 * Refuses bytes that are not UTF-8 text: decoding them anyway would index replacement characters and
 * control codes, and answers would quote them.
 *
 * @throws PipelineError CORPUS_BINARY naming the file.
 */
function checkText(bytes: Buffer, file: string): void {
  if (bytes.includes(0)) {
    throw new PipelineError(
      'CORPUS_BINARY',
      `${file} is not a text file: it holds NUL bytes (a binary file, or text saved as UTF-16). Save it as UTF-8 Markdown or move it out of CORPUS_DIR.`,
    );
  }
  if (!isUtf8(bytes)) {
    throw new PipelineError(
      'CORPUS_BINARY',
      `${file} is not UTF-8 text (a binary file, or text saved in another encoding). Save it as UTF-8 Markdown or move it out of CORPUS_DIR.`,
    );
  }
}
