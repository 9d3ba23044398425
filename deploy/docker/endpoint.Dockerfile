# skypeproxy-endpoint-service: terminates the Skype plugins' SkypeProxy connections. Build
# from the repository root after `mvn -B -ntp -DskipTests package`:
#   docker build -f deploy/docker/endpoint.Dockerfile -t imo2sproxy/skypeproxy-endpoint-service .
FROM eclipse-temurin:17-jre

LABEL org.opencontainers.image.title="imo2sproxy skypeproxy-endpoint-service" \
      org.opencontainers.image.description="SkypeProxy TCP endpoint relaying Skype API plugins to imo2sproxy gateways"

RUN useradd --system --user-group --home-dir /opt/imo2sproxy --shell /usr/sbin/nologin imo2sproxy

COPY deploy/docker/entrypoint.sh /opt/imo2sproxy/bin/entrypoint.sh
COPY deploy/tools/target/imo2sproxy-deploy-tools.jar /opt/imo2sproxy/lib/
COPY skypeproxy-endpoint-service/target/skypeproxy-endpoint-service.jar /opt/imo2sproxy/lib/

# Listens on all interfaces inside the container: what is reachable is decided by the port
# publishing. Clustered by default; the compose file (or -e) adds the members.
# G1 named: under a container limit of one CPU or little memory the JVM would pick Serial
# (bench/README.md, eighth round, "Collectors and heap settings").
ENV IMO2SPROXY_SERVICE_JAR=skypeproxy-endpoint-service.jar \
    IMO2SPROXY_HOST=0.0.0.0 \
    IMO2SPROXY_PORT=1401 \
    IMO2SPROXY_CLUSTER=true \
    IMO2SPROXY_CLUSTER_PORT=5701 \
    IMO2SPROXY_EVENT_BUS_PORT=5710 \
    JAVA_OPTS="-XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.net.preferIPv4Stack=true"

# 2727: the skyped listener for bitlbee, off unless IMO2SPROXY_SKYPED_PORT=2727 is set
# (docs/skyped-listener.md)
EXPOSE 1401 2727 5701 5710
USER imo2sproxy
WORKDIR /opt/imo2sproxy

# Ready when the service's own /health/ready says so (cluster joined); the management port
# listens on 127.0.0.1 inside the container. The probe is JDK-only (no curl).
HEALTHCHECK --interval=10s --timeout=8s --start-period=90s --retries=3 \
  CMD java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx16m \
      -cp /opt/imo2sproxy/lib/imo2sproxy-deploy-tools.jar net.imo2sproxy.deploy.tools.HealthCheck \
      "http://127.0.0.1:${IMO2SPROXY_MANAGEMENT_PORT:-9401}/health/ready"

STOPSIGNAL SIGTERM
ENTRYPOINT ["/bin/sh", "/opt/imo2sproxy/bin/entrypoint.sh"]
