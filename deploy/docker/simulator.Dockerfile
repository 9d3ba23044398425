# imo-simulator: the fake imo.im service (demo world by default). Build from the repository
# root after `mvn -B -ntp -DskipTests package`:
#   docker build -f deploy/docker/simulator.Dockerfile -t imo2sproxy/imo-simulator .
FROM eclipse-temurin:17-jre

LABEL org.opencontainers.image.title="imo2sproxy imo-simulator" \
      org.opencontainers.image.description="imo.im simulator (HTTP JSON long polling) for imo2sproxy demos and tests"

RUN useradd --system --user-group --home-dir /opt/imo2sproxy --shell /usr/sbin/nologin imo2sproxy

COPY deploy/tools/target/imo2sproxy-deploy-tools.jar /opt/imo2sproxy/lib/
COPY imo-simulator/target/imo-simulator.jar /opt/imo2sproxy/lib/

ENV JAVA_OPTS="-XX:+ExitOnOutOfMemoryError -Djava.net.preferIPv4Stack=true"

EXPOSE 8080
USER imo2sproxy
WORKDIR /opt/imo2sproxy

HEALTHCHECK --interval=10s --timeout=8s --start-period=60s --retries=3 \
  CMD java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx16m \
      -cp /opt/imo2sproxy/lib/imo2sproxy-deploy-tools.jar net.imo2sproxy.deploy.tools.HealthCheck 8080

STOPSIGNAL SIGTERM
# The simulator's own options (--port, --host, --world, --hold) follow as arguments.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /opt/imo2sproxy/lib/imo-simulator.jar \"$@\"", "imo-simulator"]
CMD ["--host", "0.0.0.0", "--port", "8080"]
