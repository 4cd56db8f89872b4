import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { GuideEmbeddings } from '../core/embeddings/types.js';
import { UseLiteEmbeddings } from '../core/embeddings/use-lite.js';

type CreateEmbeddings = (config: Config, logger: Logger) => GuideEmbeddings | Promise<GuideEmbeddings>;

/**
 * The configured embedder for the ingest and bench scripts: `createEmbeddings(config, logger)` from
 * `src/core/embeddings/create-embeddings.ts` (the providers' factory), or USE-lite when that module is
 * not part of this checkout. The import is by a computed path so this file typechecks either way.
 */
export async function resolveEmbeddings(config: Config, logger: Logger): Promise<GuideEmbeddings> {
  const specifier = ['..', 'core', 'embeddings', 'create-embeddings.js'].join('/');
  let create: CreateEmbeddings | undefined;
  try {
    create = ((await import(specifier)) as { createEmbeddings?: CreateEmbeddings }).createEmbeddings;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String((error as Error).message).includes('create-embeddings')) throw error;
  }
  if (create) return create(config, logger);
  if (config.EMBEDDINGS_PROVIDER !== 'use-lite') {
    logger.warn({ provider: config.EMBEDDINGS_PROVIDER }, 'No embeddings factory in this checkout; using USE-lite');
  }
  return new UseLiteEmbeddings();
}
