package net.imo2sproxy.gateway.emulator.command;

import io.vertx.core.Future;

/**
 * File transfers (docs/skype-api-emulation.md §4.15): imo.im's web client has no transfer the
 * bridge could carry, so there never is a FILETRANSFER object. The searches answer the empty
 * list and a transfer asked for by number is unknown, as in real Skype.
 */
final class FileTransferCommands {

  private FileTransferCommands() {
  }

  /** {@code SEARCH FILETRANSFERS} and {@code SEARCH ACTIVEFILETRANSFERS}. */
  static Future<Void> search(CommandContext ctx) {
    return ctx.reply("FILETRANSFERS ");
  }

  /** {@code GET FILETRANSFER <n> <property>}: no number is known. */
  static Future<Void> get(CommandContext ctx) {
    return ctx.error(7, "Invalid property");
  }
}
