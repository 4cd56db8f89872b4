/**
 * A process that logs like the bot (createLogger) much more than a pipe holds, then waits for SIGTERM
 * and exits 0 from its handler, as src/main.ts does. Used by stderr-destination.int.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { createLogger } from '../../src/logger.js';

const LINES = Number(process.env.FLOOD_LINES ?? 5000);
const logger = createLogger({ level: 'info' });
// A child that inherits stderr (as tsx's esbuild on a cold cache, or a shard, does) sets the shared
// socket back to blocking mode as it starts.
if (process.env.FLOOD_SPAWN_CHILD)
  spawnSync(process.execPath, ['-e', ''], { stdio: ['ignore', 'ignore', 'inherit'] });
for (let i = 0; i < LINES; i++) logger.info({ i, pad: 'x'.repeat(200) }, 'filler');
logger.info('flood done');
process.on('SIGTERM', () => {
  logger.info('stopping');
  process.exit(0);
});
// Keeps logging while it waits, as a running bot does.
setInterval(() => logger.info('tick'), 100);
process.stdout.write('flooded\n');
