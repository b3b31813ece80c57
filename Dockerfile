# hoidap: a multi-stage release build. The knowledge base is compiled into the binary.
# (A first version: the store volume, the HTTP server and its healthcheck come with later work.)

FROM rust:1.85-slim-bookworm AS build
WORKDIR /src
# The manifests first, so the dependency layer is cached while only sources change.
COPY Cargo.toml Cargo.lock ./
COPY bench-compare/Cargo.toml bench-compare/Cargo.toml
RUN mkdir -p src benches bench-compare/benches \
    && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && echo 'fn main() {}' > build.rs \
    && echo 'fn main() {}' > benches/answer.rs \
    && echo 'fn main() {}' > bench-compare/benches/compare.rs \
    && cargo fetch --locked \
    && cargo build --release --locked --bin hoidap \
    && rm -rf src benches build.rs target/release/hoidap target/release/deps/hoidap-* target/release/deps/libhoidap-* \
       target/release/build/hoidap-* target/release/.fingerprint/hoidap-*
COPY build.rs ./
COPY src src
COPY benches benches
COPY knowledge knowledge
RUN cargo build --release --locked --bin hoidap && ./target/release/hoidap kb check

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin hoidap
COPY --from=build /src/target/release/hoidap /usr/local/bin/hoidap
USER hoidap
ENTRYPOINT ["hoidap"]
CMD ["chat"]
