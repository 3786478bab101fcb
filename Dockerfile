# syntax=docker/dockerfile:1
# aco-connect: build with dev dependencies, run with production dependencies and dist/ only.
# test/deploy/ runs this file's npm steps, CMD and HEALTHCHECK in a clean clone (no container engine in CI);
# docs/deploy.md says what was and was not run.
ARG NODE_VERSION=26.12.1

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /app
# sqlite3 compiles from source (node-gyp) when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --prefer-offline --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/start.mjs ./scripts/
COPY src ./src
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    STORE_URL=sqlite:///data/aco-connect.sqlite \
    LOG_FORMAT=json
WORKDIR /app
# Read-only for the app: owned by root; only /data (the SQLite store and its generated key) is writable.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# The slim image has no curl: Node's own fetch asks /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form, Node as PID 1 (no npm, no shell): docker stop's SIGTERM reaches the server's own shutdown.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/main.js"]
