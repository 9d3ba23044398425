# The per-region TCP load balancer in front of a region's endpoints: HAProxy from Debian's
# packages. Build from the repository root:
#   docker build -f deploy/docker/balancer.Dockerfile -t imo2sproxy/balancer .
# IMO2SPROXY_ENDPOINTS names the DNS name of the region's endpoints (the compose service name,
# which resolves to every replica); see deploy/docker/haproxy.cfg.
FROM debian:bookworm-slim

LABEL org.opencontainers.image.title="imo2sproxy balancer" \
      org.opencontainers.image.description="HAProxy spreading a region's SkypeProxy connections over its ready endpoints"

RUN apt-get update \
    && apt-get install -y --no-install-recommends haproxy \
    && rm -rf /var/lib/apt/lists/*

COPY deploy/docker/haproxy.cfg /etc/haproxy/haproxy.cfg

ENV IMO2SPROXY_ENDPOINTS=endpoint \
    IMO2SPROXY_ENDPOINT_PORT=1401 \
    IMO2SPROXY_ENDPOINT_MANAGEMENT_PORT=9401 \
    IMO2SPROXY_MAX_ENDPOINTS=16 \
    IMO2SPROXY_MAX_CONNECTIONS_PER_ADDRESS=256

EXPOSE 1401
USER haproxy
# Healthy while it listens on 1401 (hex 0579, state 0A = LISTEN); the endpoints' health is
# HAProxy's own business (haproxy.cfg).
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
  CMD grep -q ':0579 00000000:0000 0A' /proc/net/tcp

# -W master-worker, -db in the foreground (PID 1); SIGTERM closes the connections at once,
# and the plugins reconnect through the balancer when it is back.
ENTRYPOINT ["haproxy", "-W", "-db", "-f", "/etc/haproxy/haproxy.cfg"]
