# syntax=docker/dockerfile:1
# One image for every ledgersync process; the command picks which:
#   node apps/api/dist/server.js    the API (the default command; the HEALTHCHECK is the API's)
#   node apps/worker/dist/main.js   a worker: run as many as the load needs
#   ledgersync migrate              the admin CLI (`ledgersync --help`), e.g. the one-shot migration
# Processes run the tsc build on plain Node: tsx and the @ledgersync/source condition are for
# development, and `pnpm start:api` would compile at every start.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
# npm installs the pnpm pinned in package.json's "packageManager" (compose.test.ts keeps them
# equal): corepack's download and signature checks fail too often in builds.
RUN npm install --global pnpm@10.34.9 && npm cache clean --force
WORKDIR /app

# Every package of the lockfile, into pnpm's store. Only the lockfile is copied, so this layer is
# rebuilt when dependencies change, not on every code change.
FROM base AS deps
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch

# Links the workspace from the store, compiles every package, then keeps only what runs:
# production dependencies, the builds, the migrations (packages/db/drizzle) and the fakes' specs.
FROM deps AS build
COPY . .
RUN pnpm install --frozen-lockfile --offline
RUN pnpm build
# A fresh production install: re-installing over the full one leaves dev packages (typescript,
# vitest, biome: 250 MB) in node_modules/.pnpm. Without the sources, `ledgersync` runs the build.
RUN find . -name node_modules -prune -exec rm -rf {} + \
  && pnpm install --frozen-lockfile --offline --prod \
  && rm -rf apps/*/src packages/*/src

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    NODE_OPTIONS=--enable-source-maps \
    PATH=/app/node_modules/.bin:$PATH
WORKDIR /app
# Owned by root and read-only to the processes; the test suites (test/) stay out.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
COPY --from=build /app/apps ./apps
# The data folder is the one place a process may write (in development only: the generated key).
RUN mkdir .ledgersync && chown node:node .ledgersync
# The image's `node` user, by number so Kubernetes' runAsNonRoot can check it.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/api/dist/server.js"]
