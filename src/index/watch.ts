import { existsSync, watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { INDEX_LAYOUT, buildDirOf, readCurrentBuildId } from './layout.js';

/** Options of `watchIndex`; the defaults suit a bot. */
export interface WatchIndexOptions {
  /** Wait this long after the last change event before reading `CURRENT` (default 150 ms). */
  debounceMs?: number;
  /** Polling interval of the `fs.watchFile` fallback (default 1000 ms). */
  pollIntervalMs?: number;
}

/**
 * Calls `onChange(buildId)` once for every new build swapped into `indexDir` (not for the one serving
 * when the watch starts). Uses `fs.watch` on the folder for prompt notice and `fs.watchFile` polling on
 * `CURRENT` as a fallback (folders that do not exist yet, file systems without inotify); events are
 * debounced and deduplicated by build id, so a swap is reported once whichever mechanism sees it.
 * Returns a function that stops watching.
 */
export function watchIndex(
  indexDir: string,
  onChange: (buildId: string) => void,
  options: WatchIndexOptions = {},
): () => void {
  const debounceMs = options.debounceMs ?? 150;
  const currentPath = path.join(indexDir, INDEX_LAYOUT.current);
  let lastSeen = readCurrentBuildId(indexDir);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const check = () => {
    timer = undefined;
    if (stopped) return;
    const id = readCurrentBuildId(indexDir);
    // Only announce builds that are complete: the manifest is the last file a build writes.
    if (!id || id === lastSeen || !existsSync(path.join(buildDirOf(indexDir, id), INDEX_LAYOUT.manifest)))
      return;
    lastSeen = id;
    onChange(id);
  };
  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, debounceMs);
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(indexDir, { persistent: false }, (_event, filename) => {
      if (!filename || String(filename).startsWith(INDEX_LAYOUT.current)) schedule();
    });
    // A deleted folder or an inotify limit: the polling below carries on alone.
    watcher.on('error', () => {
      watcher?.close();
      watcher = undefined;
    });
  } catch {
    watcher = undefined;
  }
  const poll = () => schedule();
  watchFile(currentPath, { interval: options.pollIntervalMs ?? 1000, persistent: false }, poll);

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    watcher?.close();
    unwatchFile(currentPath, poll);
  };
}
