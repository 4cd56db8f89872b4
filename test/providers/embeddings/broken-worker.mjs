// A worker entry point whose model cannot load: use-lite-pool.test.ts checks that callers get an
// error instead of waiting forever.
throw new Error('model files missing (test)');
