# syntax=docker/dockerfile:1
# Session Reconciler: Next.js standalone server, production dependencies only, non-root.
# Migrations are applied when the server starts (instrumentation.ts), before it reports ready.
# BASE_IMAGE: any Debian-based image with node and npm on PATH; the default is a supported LTS
# line (Node 20 reached end of life in April 2026). Machines that cannot pull it build a
# stand-in with scripts/image-base.sh (docs/operations.md, "Building the image").
ARG BASE_IMAGE=node:24-bookworm-slim

FROM ${BASE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

FROM ${BASE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN bash scripts/build-standalone.sh

FROM ${BASE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 DATA_DIR=/app/.data
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /app app
COPY --from=build --chown=10001:10001 /app/.next-standalone/standalone ./
RUN mkdir -p /app/.data && chown 10001:10001 /app/.data
USER 10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
