# Probe for DL3002 / IMG001: root in an intermediate stage, a named user, then root again.
FROM golang:1.22 AS build
USER root
RUN go version
FROM debian:12-slim AS runtime
USER app
FROM runtime
USER 0:0
