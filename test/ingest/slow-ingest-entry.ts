/**
 * Test-only entry: runs ingestCorpus with a slow fake embedder so a test can kill it mid-build.
 * Usage: node --import tsx test/ingest/slow-ingest-entry.ts <corpusDir> <indexDir> <msPerText>
 * Prints one JSON line per progress event on stdout.
 */
import { ingestCorpus } from '../../src/ingest/ingest.js';
import { HashEmbeddings, SPLIT } from './helpers.js';

const [corpusDir, indexDir, msPerText] = process.argv.slice(2);
if (!corpusDir || !indexDir) throw new Error('usage: slow-ingest-entry <corpusDir> <indexDir> <msPerText>');

const summary = await ingestCorpus({
  corpusDir,
  indexDir,
  embeddings: new HashEmbeddings({ delayMs: Number(msPerText ?? 200) }),
  ...SPLIT,
  batchSize: 1,
  onProgress: (progress) => process.stdout.write(`${JSON.stringify({ progress, pid: process.pid })}\n`),
});
process.stdout.write(`${JSON.stringify({ summary })}\n`);
