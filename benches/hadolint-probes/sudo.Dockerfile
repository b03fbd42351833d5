# Probe for DL3004 / IMG010: running sudo versus installing it.
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends sudo && rm -rf /var/lib/apt/lists/*
USER app
RUN sudo -E make install
RUN DEBIAN_FRONTEND=noninteractive sudo apt-get install -y curl
