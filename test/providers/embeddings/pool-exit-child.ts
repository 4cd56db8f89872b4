/**
 * Run by use-lite-pool.test.ts as a child process: creates a pool, embeds, closes it, and then just
 * ends its script. The test checks that the process exits by itself (no thread or timer left behind).
 */
import { UseLitePoolEmbeddings } from '../../../src/providers/embeddings/use-lite-pool.js';

const embeddings = new UseLitePoolEmbeddings({ workers: 2 });
const [query, documents] = await Promise.all([
  embeddings.embedQuery('How do I renew my certification?'),
  embeddings.embedDocuments(['Renewal every two years.', 'Continuing education units.']),
]);
process.stdout.write(`embedded ${query.length} ${documents.length}\n`);
await embeddings.close();
process.stdout.write(`closed ${Date.now()}\n`);
