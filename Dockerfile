# Huiying production image: one image, two processes.
#   API (default):  node dist/api/main.js
#   worker:         node dist/worker/main.js   (HUIYING_WORKFLOW_BUNDLE is preset to the prebuilt bundle)
# Both need TEMPORAL_ADDRESS and DATABASE_URL; NODE_ENV=production also needs HUIYING_JWT_SECRET.
# See docker-compose.yml for the full topology.
#
#   docker build -t huiying .

# Node >= 20.19 is required (require() of the ESM-only packages; see scripts/provision.sh).
ARG NODE_IMAGE=node:20-bookworm-slim

########## build: dependencies, Prisma client, tsc, workflow bundle ##########
FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN node -e 'const [a, b] = process.versions.node.split(".").map(Number); if (a < 20 || (a === 20 && b < 19)) { console.error(`Node >= 20.19 required, found ${process.version}`); process.exit(1); }'

# Prisma 6 on its WebAssembly engines: the native-engine variables must name an existing file or
# the CLI (and @prisma/engines' postinstall) tries to download engines that are never executed
# (see scripts/prisma.sh).
ENV PRISMA_SCHEMA_ENGINE_BINARY=/app/node_modules/prisma/package.json \
    PRISMA_QUERY_ENGINE_LIBRARY=/app/node_modules/prisma/package.json \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    CHECKPOINT_DISABLE=1 \
    SCARF_ANALYTICS=false

COPY package.json package-lock.json ./
# `npm ci` rejects this lock file under npm 11 (see scripts/provision.sh); `npm install` honours
# the locked versions just the same.
RUN npm install --no-audit --no-fund --loglevel=error

COPY . .
RUN DATABASE_URL=postgresql://unused@127.0.0.1/unused npx --no-install prisma generate
# tsc -p tsconfig.build.json (-> dist/) and worker/build-bundle.ts (-> dist/workflow-bundle.js)
RUN npm run build
# Drop dev dependencies; node_modules/.prisma/client (the generated client) is kept.
RUN npm prune --omit=dev --no-audit --no-fund --loglevel=error \
 && test -f node_modules/.prisma/client/index.js

########## runtime ##########
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HUIYING_HOST=0.0.0.0 \
    HUIYING_PORT=3000 \
    HUIYING_DATA_DIR=/home/node/data \
    HUIYING_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    PRISMA_SCHEMA_ENGINE_BINARY=/app/node_modules/prisma/package.json \
    PRISMA_QUERY_ENGINE_LIBRARY=/app/node_modules/prisma/package.json \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    CHECKPOINT_DISABLE=1

COPY --from=build /app/package.json /app/package-lock.json /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/dist ./dist

# prisma.config.ts is loaded by the Prisma CLI's own TypeScript loader (it is deliberately not
# compiled: the loader does not unwrap a CommonJS `exports.default`), so it and the one module it
# imports ship as source.
COPY --from=build /app/infra/prisma-cli-pool.ts ./infra/prisma-cli-pool.ts
RUN mkdir -p /home/node/data && chown node:node /home/node/data

USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]
