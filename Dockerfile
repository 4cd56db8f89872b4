# syntax=docker/dockerfile:1
# The Discord bot (`npm start`) in a container. See "Running in a container" in README.md.
#   docker build -t guidebot .
#   docker run --rm -v guidebot-data:/app/data guidebot npm run ingest     # once, and after the guide changes
#   docker run -d --env-file .env -v guidebot-data:/app/data guidebot
ARG NODE_VERSION=20

# --- build: production dependencies; native modules (better-sqlite3, hnswlib-node) compile here when
# no prebuilt binary fits, so python3, make and g++ never reach the final image.
FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# esbuild is a runtime dependency: the runtime stage compiles src/ to dist/ with it (scripts/build.mjs).
# tsx is one too: `npm run ingest` and the other scripts run their TypeScript through it.
RUN npm ci --omit=dev && npm cache clean --force

# --- runtime
FROM node:${NODE_VERSION}-bookworm-slim
# Two glibc malloc arenas, as `npm start` sets: the encoder thread's and the main thread's allocations
# otherwise spread over up to 8 per core and keep their pages (peak RSS under the Discord bench 500–509 MB
# without, 472 MB with).
ENV NODE_ENV=production \
    HEALTH_PORT=8080 \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY corpus ./corpus
# GloVe word vectors, read when the guide opens (src/core/words/word-vectors.ts).
COPY assets ./assets
# The bot runs compiled (dist/src/main.js, as `npm start` does): no tsx loader thread, about 50 MB less at the peak.
RUN node scripts/build.mjs
# data/ holds the index (INDEX_DIR=data/index) and the database (DATABASE_PATH=data/guidebot.sqlite):
# created here and owned by the unprivileged user, so a new named volume starts out writable by it.
RUN mkdir -p data && chown node:node data
USER node
VOLUME /app/data
# /healthz on 127.0.0.1 inside the container (HEALTH_PORT=8080 above; HEALTH_PORT= turns it off, and
# the check then passes without asking).
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "const p = process.env.HEALTH_PORT; if (!p) process.exit(0); fetch(`http://127.0.0.1:${p}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));"]
STOPSIGNAL SIGTERM
# Exec form, node as PID 1: `docker stop`'s SIGTERM reaches the bot itself (no shell, no npm in between),
# and the bot's own handler shuts down cleanly. The same command as `npm start` (its heap limits with
# their defaults: see "Memory" in README.md).
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=2", "dist/src/main.js"]
