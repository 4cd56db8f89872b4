/**
 * A process that logs like the bot (createLogger) much more than a pipe holds, then waits for SIGTERM
 * and exits 0 from its handler, as src/main.ts does. Used by stderr-destination.int.test.ts.
 */
import { createLogger } from '../../src/logger.js';

const LINES = Number(process.env.FLOOD_LINES ?? 5000);
const logger = createLogger({ level: 'info' });
for (let i = 0; i < LINES; i++) logger.info({ i, pad: 'x'.repeat(200) }, 'filler');
logger.info('flood done');
process.on('SIGTERM', () => {
  logger.info('stopping');
  process.exit(0);
});
// Keeps logging while it waits, as a running bot does.
setInterval(() => logger.info('tick'), 100);
process.stdout.write('flooded\n');
