#!/bin/sh
# Entry point of the imo2sproxy service images. Every setting comes from IMO2SPROXY_*
# variables (Vert.x Config) or the container's arguments; this script only prepares the
# cluster's addresses, then replaces itself with the JVM so that the JVM is PID 1 and gets
# SIGTERM (the service leaves the cluster cleanly on it).
set -eu

TOOLS=/opt/imo2sproxy/lib/imo2sproxy-deploy-tools.jar

if [ "${IMO2SPROXY_CLUSTER:-false}" = true ]; then
  # Hazelcast and the event bus bind to this container's address on the network that leads to
  # the first member (the cluster network, also when the container has others), and member
  # names become all their addresses (a service name stands for all its replicas).
  prepared=$(java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx16m \
    -cp "$TOOLS" net.imo2sproxy.deploy.tools.ClusterNetwork "${IMO2SPROXY_CLUSTER_MEMBERS:-127.0.0.1}")
  if [ -z "${IMO2SPROXY_CLUSTER_HOST:-}" ]; then
    IMO2SPROXY_CLUSTER_HOST=${prepared%% *}
    export IMO2SPROXY_CLUSTER_HOST
  fi
  IMO2SPROXY_CLUSTER_MEMBERS=${prepared#* }
  export IMO2SPROXY_CLUSTER_MEMBERS
fi

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -jar "/opt/imo2sproxy/lib/${IMO2SPROXY_SERVICE_JAR}" "$@"
