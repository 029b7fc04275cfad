# syntax=docker/dockerfile:1
#
# The stub server as a small container image: compiled in the official Rust image, run from
# distroless/cc (glibc and libgcc only: no shell, no package manager) as its non-root user.
# The stub listens on 0.0.0.0:8080 inside the container; it stops cleanly on SIGTERM.
#
#   docker build -t vendor-api-stub .
#   docker run --rm -p 8080:8080 vendor-api-stub            # default dataset (--seed)
#   docker run --rm -p 8080:8080 -v "$PWD/data.json:/data.json:ro" vendor-api-stub --fixtures /data.json
#
# CI lints this file with hadolint and checks that README.md gives the commands above and
# below (it has no container runtime to build it); see README.md, "Running replicas".

FROM rust:1-slim-bookworm AS build
WORKDIR /src
COPY . .
# The caches keep the crate downloads and compiled dependencies between builds (BuildKit).
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p stub-server \
    && cp target/release/stub-server /stub-server

# The same Debian release as the build image, so the binary finds the glibc it was linked to.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /stub-server /usr/local/bin/stub-server
ENV STUB_LISTEN=0.0.0.0:8080
EXPOSE 8080
# distroless' nonroot user, by number so that runtimes need no passwd lookup to enforce it.
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/stub-server"]
