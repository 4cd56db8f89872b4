import { PipelineError } from '../core/errors.js';
import { checkCorpusDir, hashCorpusFiles } from '../ingest/corpus.js';
import { readManifest } from './manifest.js';

/** Result of `checkStale`: corpus files that differ from what the serving index was built from. */
export interface StaleReport {
  /** True when there is no index or any corpus file was added, removed or changed. */
  stale: boolean;
  /** All differing corpus-relative paths, sorted (added, removed and changed together). */
  changed: string[];
  added: string[];
  removed: string[];
  modified: string[];
}

/**
 * Compares the sha256 of every `.md` file under `corpusDir` with the serving index's manifest.
 *
 * @throws PipelineError CORPUS_MISSING (naming the folder and CORPUS_DIR) when `corpusDir` is not a
 *   folder: a missing corpus is not a changed one. CORPUS_UNREADABLE when it cannot be read.
 */
export async function checkStale(indexDir: string, corpusDir: string): Promise<StaleReport> {
  await checkCorpusDir(corpusDir);
  const manifest = readManifest(indexDir);
  let files: Map<string, string>;
  try {
    files = await hashCorpusFiles(corpusDir);
  } catch (cause) {
    throw new PipelineError(
      'CORPUS_UNREADABLE',
      `Cannot read the corpus folder ${corpusDir}: ${(cause as Error).message}`,
      { cause },
    );
  }
  const built = new Map(Object.entries(manifest?.files ?? {}));
  const added = [...files.keys()].filter((file) => !built.has(file));
  const removed = [...built.keys()].filter((file) => !files.has(file));
  const modified = [...files.entries()]
    .filter(([file, hash]) => built.has(file) && built.get(file) !== hash)
    .map(([f]) => f);
  // The default sort compares UTF-16 code units: no locale, so the same order on every machine.
  return {
    stale: !manifest || added.length + removed.length + modified.length > 0,
    changed: [...added, ...removed, ...modified].sort(),
    added: added.sort(),
    removed: removed.sort(),
    modified: modified.sort(),
  };
}
