// Entry point of each worker thread of `UseLitePoolEmbeddings` (see use-lite-pool.ts).
//
// Why a plain .mjs that loads the TypeScript through tsx: Piscina starts workers as ordinary Node
// worker threads. Under `node --import tsx` (npm start) they may inherit tsx from execArgv, but under
// vitest they do not (vitest transforms test imports itself, not through a Node loader), so a `.ts`
// worker file would fail to load there. `tsImport` from tsx's API registers a loader scoped to this one
// import, resolved from this file rather than from the working directory, and works the same in both.
// The task itself stays TypeScript and runs the very same `UseLiteEmbeddings` as the main thread, so
// the vectors are the same by construction. Cost: about 0.15-0.3 s per thread at start-up.
import { tsImport } from 'tsx/esm/api';

const task = await tsImport('./use-lite-worker-task.ts', import.meta.url);

export default task.default;
