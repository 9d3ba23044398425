package net.imo2sproxy.gateway.emulator.model;

/**
 * The command that made an own message: the asking connection and its number for the command
 * (EVENT-BUS.md, {@code id}). A command resent after a failover finds its message by this key
 * instead of sending it twice.
 */
public record CommandKey(String connection, long id) {
}
