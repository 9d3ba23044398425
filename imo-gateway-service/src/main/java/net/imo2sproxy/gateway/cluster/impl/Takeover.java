package net.imo2sproxy.gateway.cluster.impl;

/** The session a take-over continues: its id (whose state is read) and upstream ssid. */
record Takeover(String sessionId, String ssid) {
}
