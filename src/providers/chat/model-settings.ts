import type { Config } from '../../config.js';

// Kept apart from the chat model code so `npm run ingest` can check its settings before LangChain loads.

/**
 * Why no chat model is configured for `--generate-questions`, naming the setting to set; undefined when
 * one is. Ollama needs nothing more (`OLLAMA_BASE_URL` has a default); the OpenAI provider needs a key
 * or a local OpenAI-compatible server. `ANSWER_MODE` plays no part: questions are written once at
 * ingestion, and answers may stay extractive and offline.
 */
export function describeMissingChatModel(
  config: Pick<Config, 'LLM_PROVIDER' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>,
): string | undefined {
  if (config.LLM_PROVIDER === 'ollama' || config.OPENAI_API_KEY || config.OPENAI_BASE_URL) return undefined;
  return '--generate-questions needs a chat model: set OPENAI_BASE_URL (an OpenAI-compatible server) or OPENAI_API_KEY, or LLM_PROVIDER=ollama.';
}
