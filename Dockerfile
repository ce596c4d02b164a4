# The arca image: one image for the registry server (`arca server`), the Kubernetes
# operator (`arca operator`) and the puller the operator's init containers run
# (`arca pull <model>@<digest> <dir>`). Entrypoint `arca`; pass the subcommand as args.
#
#   docker build -t arca:0.1.0 .
#   docker run -p 8420:8420 -v arca-data:/data arca:0.1.0 server --host 0.0.0.0 --data /data
#
# Not built in this repository's CI (no container engine there); charts/arca uses it.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its addon when no prebuilt one matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV CI=true npm_config_nodedir=/usr/local
RUN npm install -g -E pnpm@12.4.2 node-gyp@12.4.0
WORKDIR /src
# Manifests first, so dependency layers are cached across source edits.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.json tsconfig.base.json ./
COPY packages/store/package.json packages/store/
COPY packages/client/package.json packages/client/
COPY packages/server/package.json packages/server/
COPY packages/operator/package.json packages/operator/
COPY packages/cli/package.json packages/cli/
COPY packages/test-utils/package.json packages/test-utils/
COPY packages/k8s-testing/package.json packages/k8s-testing/
# No Rust here: the BLAKE3 subtree addon is left out (packages/blake3-subtrees), which
# only slows a pull from a server on the same machine, never one over the network.
COPY packages/blake3-subtrees/package.json packages/blake3-subtrees/
RUN pnpm install --frozen-lockfile
COPY packages packages
RUN pnpm build \
 # Keep only what runs: production dependencies, compiled output, the bin.
 && pnpm install --frozen-lockfile --prod \
 && rm -rf packages/test-utils packages/k8s-testing packages/*/src packages/*/tsconfig*.json packages/*/*.tsbuildinfo

FROM ${NODE_IMAGE}
COPY --from=build /src /opt/arca
RUN ln -s /opt/arca/packages/cli/bin/arca.js /usr/local/bin/arca \
 && mkdir -p /data /models /tmp/arca-cache \
 && chown 65532:65532 /data /models /tmp/arca-cache
ENV NODE_ENV=production ARCA_DATA=/data ARCA_CACHE_DIR=/tmp/arca-cache
USER 65532:65532
EXPOSE 8420
ENTRYPOINT ["arca"]
CMD ["server", "--host", "0.0.0.0", "--data", "/data"]
