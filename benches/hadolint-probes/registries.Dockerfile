# Probe for DL3026 / IMG013 (trusted registry docker.io) and DL3006/DL3007 / IMG003.
ARG BASE=ghcr.io/org/base:1.0
FROM quay.io/org/tool:2 AS tool
FROM ${BASE} AS base
FROM base
COPY --from=tool /bin/tool /usr/local/bin/tool
COPY --from=registry.example.com/tools/tini /tini /tini
FROM nginx:latest
FROM nginx:latest@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
