package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;

/** Executes one Skype API command; the future completes once the command has replied. */
@FunctionalInterface
interface CommandHandler {
  Future<Void> handle(CommandContext ctx);
}
