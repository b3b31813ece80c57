# hoidap: a multi-stage release build. The knowledge base is compiled into the binary; the image
# runs `hoidap serve` (JSON API, /healthz, the webhooks of the channels whose variables are set)
# as an unprivileged user, with the store on the /data volume. docs/deploy.md explains how to run
# it; scripts/check-dockerfile.sh lints this file, builds the binary with the image's Rust and
# runs it as this image would, without Docker.

FROM rust:1.85-slim-bookworm AS build
WORKDIR /src
# The manifests and the stub script first: the dependencies are built against stub sources in a
# layer of their own, which stays cached while only the sources change.
COPY Cargo.toml Cargo.lock ./
COPY bench-compare/Cargo.toml bench-compare/
COPY scripts/docker-stubs.sh scripts/
RUN sh scripts/docker-stubs.sh create . \
    && cargo fetch --locked \
    && cargo build --release --locked --bin hoidap \
    && sh scripts/docker-stubs.sh forget .
COPY build.rs ./
COPY src src
COPY benches benches
COPY knowledge knowledge
RUN cargo build --release --locked --bin hoidap \
    && ./target/release/hoidap kb check

FROM debian:bookworm-slim
# CA certificates for the HTTPS calls to Telegram and Zalo (rustls; kept for any verifier that
# reads the system store). Debian stable ships fixed versions, so they are not pinned here.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# An unprivileged user owning the store's directory (a new named volume takes this ownership).
RUN groupadd --system --gid 10001 hoidap \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin hoidap \
    && mkdir -p /data \
    && chown 10001:10001 /data
COPY --from=build /src/target/release/hoidap /usr/local/bin/hoidap
ENV HOIDAP_DATA_DIR=/data \
    HOIDAP_LISTEN=0.0.0.0:8080
VOLUME /data
USER 10001:10001
EXPOSE 8080
# `hoidap healthcheck` asks this container's own server for /healthz (at HOIDAP_LISTEN, 0.0.0.0
# asked on 127.0.0.1): exit 0 when healthy, 1 when not. The image needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["hoidap", "healthcheck"]
ENTRYPOINT ["hoidap"]
CMD ["serve"]
