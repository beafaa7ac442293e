# Convene in a container: one self-contained binary (the site is inside
# it), run as an unprivileged user, its database on the /data volume.
#
#   docker build -t convene .
#   docker run -p 3000:3000 -v convene-data:/data \
#     -e CONVENE_PUBLIC_URL=https://convene.example.org convene
#
# deploy/compose.yaml puts a TLS reverse proxy in front of it.

FROM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The pinned cargo-leptos, wasm-bindgen-cli and npm's wasm-opt, then the
# site and the server that embeds it.
RUN .ci/setup --build-only && make build

FROM debian:bookworm-slim
# The fonts the PDF report draws every script with; curl for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-core fonts-noto-cjk curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home convene \
 && mkdir -p /data && chown convene:convene /data && chmod 700 /data
COPY --from=build /src/target/release/convene /usr/local/bin/convene
USER convene
WORKDIR /data
VOLUME ["/data"]
ENV CONVENE_ADDR=0.0.0.0:3000 \
    CONVENE_DB=/data/convene.sqlite3 \
    CONVENE_LOG_FORMAT=json
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
# SIGTERM: streams are told when to come back, writes finish, exit 0 within 10 s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["convene"]
CMD ["serve"]
