/**
 * Test-only entry: waits until <startAtMs> (so racers start together), tries to take the ingestion lock
 * of <indexDir>, prints "won" or "locked", and, when it won, holds the lock until it is killed.
 */
import { acquireIngestLock } from '../../src/index/lock.js';

const [indexDir, startAt] = process.argv.slice(2);
if (!indexDir || !startAt) throw new Error('usage: lock-race-entry <indexDir> <startAtMs>');
while (Date.now() < Number(startAt)) {
  // busy-wait to the shared start instant; a timer would add milliseconds of jitter
}
try {
  acquireIngestLock(indexDir);
  process.stdout.write('won\n');
  setInterval(() => {}, 1000);
} catch (error) {
  process.stdout.write(`locked ${(error as { code?: string }).code}\n`);
}
