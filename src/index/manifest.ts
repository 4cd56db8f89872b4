import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { EmbedderInfo } from '../core/types.js';
import { INDEX_LAYOUT, buildDirOf, readCurrentBuildId } from './layout.js';

/** The manifest format this code writes and reads; a build with another version must be rebuilt. */
export const INDEX_SCHEMA_VERSION = 1;

/** An `EmbedderInfo` as stored in the index's JSON files. */
export const EmbedderInfoSchema = z.object({
  provider: z.string(),
  model: z.string(),
  dimensions: z.number().int().nonnegative(),
}) satisfies z.ZodType<EmbedderInfo>;

/**
 * `manifest.json`: what a build was made from and with. The one definition of the manifest: the
 * `IndexManifest` type is inferred from it, so the type and the check cannot drift apart.
 */
const IndexManifestSchema = z.object({
  schemaVersion: z.number().int(),
  /** Which embedder made the vectors; checked against the configured one before querying. */
  embedder: EmbedderInfoSchema,
  /** Corpus-relative path -> sha256 of the file's bytes. */
  files: z.record(z.string(), z.string()),
  sectionCount: z.number().int().nonnegative(),
  chunkCount: z.number().int().nonnegative(),
  /** ISO 8601. */
  builtAt: z.string(),
  /** Unique per build; changes whenever a new index is swapped in. */
  buildId: z.string().min(1),
  /** Splitter settings used, so a change in them forces a rebuild rather than a silent mismatch. */
  splitter: z.object({
    chunkSize: z.number().int().positive(),
    chunkOverlap: z.number().int().nonnegative(),
  }),
  /**
   * Present when the build stores the vectors of its answer sentences (`sentences.json` and
   * `sentences.bin`, `count` rows); builds made before that have none and still load.
   */
  sentences: z.object({ count: z.number().int().nonnegative() }).optional(),
  /**
   * Present when the build stores model-written questions (`generated-questions.json`): how many, for
   * how many sections.
   */
  generatedQuestions: z
    .object({ sections: z.number().int().nonnegative(), count: z.number().int().nonnegative() })
    .optional(),
  /**
   * Present when the build keeps the maintainers' alternative questions (`alternative-questions.json`,
   * absent when `count` is 0). Builds made before that have none; their readers take the questions from
   * beside the guide, as before.
   */
  alternativeQuestions: z.object({ count: z.number().int().nonnegative() }).optional(),
});

/** Written next to the index; says what it was built from and with. */
export type IndexManifest = z.infer<typeof IndexManifestSchema>;

/** A manifest written by another version of the format. */
export class UnsupportedSchemaVersionError extends Error {
  override readonly name = 'UnsupportedSchemaVersionError';
  constructor(readonly found: number) {
    super(`schema version ${found}, this version reads ${INDEX_SCHEMA_VERSION}`);
  }
}

/**
 * Parses and checks a manifest. The version is checked first, so a manifest of another format version
 * is reported as such rather than as a missing field.
 *
 * @throws UnsupportedSchemaVersionError for another format version; Error naming the bad field otherwise.
 */
export function parseManifest(text: string): IndexManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new Error(`not JSON: ${(cause as Error).message}`, { cause });
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version !== INDEX_SCHEMA_VERSION) {
    throw new UnsupportedSchemaVersionError(version);
  }
  const parsed = IndexManifestSchema.safeParse(value);
  if (!parsed.success) throw new Error(describeIssues(parsed.error));
  return parsed.data;
}

/** A zod error on one line, naming each bad field: `field "embedder.model": Expected string, ...`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length === 0 ? issue.message : `field "${issue.path.join('.')}": ${issue.message}`,
    )
    .join('; ');
}

/**
 * The manifest of the build that serves now, or undefined when there is no index or its manifest
 * cannot be read. Cheap and synchronous; for error detail use `loadIndex`.
 */
export function readManifest(indexDir: string): IndexManifest | undefined {
  const buildId = readCurrentBuildId(indexDir);
  if (!buildId) return undefined;
  try {
    return parseManifest(
      readFileSync(path.join(buildDirOf(indexDir, buildId), INDEX_LAYOUT.manifest), 'utf8'),
    );
  } catch {
    return undefined;
  }
}

/** True when two embedders produce interchangeable vectors. */
export function sameEmbedder(a: EmbedderInfo, b: EmbedderInfo): boolean {
  return a.provider === b.provider && a.model === b.model && a.dimensions === b.dimensions;
}

/** "provider:model (n dimensions)", for messages. */
export function formatEmbedder(info: EmbedderInfo): string {
  return `${info.provider}:${info.model} (${info.dimensions} dimensions)`;
}

/**
 * A short hash of the corpus an index was built from (its manifest's path -> sha256 table), equal for
 * two indexes of the same files whatever their build ids.
 */
export function hashCorpus(files: Readonly<Record<string, string>>): string {
  const lines = Object.keys(files)
    .sort()
    .map((path) => `${path}\t${files[path]}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex').slice(0, 12);
}
