package net.imo2sproxy.gateway.emulator;

/**
 * A session's state as JSON text, to save for a survivor, and what to run once it is saved
 * (the upstream session may then acknowledge to imo.im what the state covers).
 */
public record StateSnapshot(String text, Runnable saved) {
}
