import dotenv from 'dotenv';
import { ConfigError, loadConfig, type Config } from '../config.js';

/**
 * For the bot's entry points (`npm start`, `npm run start:sharded`): reads `.env` and the settings, or
 * writes the one line naming the bad setting to stderr and exits 1.
 */
export function loadConfigOrExit(): Config {
  dotenv.config({ quiet: true });
  try {
    return loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
