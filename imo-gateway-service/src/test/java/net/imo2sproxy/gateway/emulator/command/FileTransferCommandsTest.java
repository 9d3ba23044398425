package net.imo2sproxy.gateway.emulator.command;

import static net.imo2sproxy.gateway.emulator.command.CommandHarness.row;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.table;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link FileTransferCommands}: there never is a transfer over imo.im. */
@ExtendWith(VertxExtension.class)
class FileTransferCommandsTest {

  @TestFactory
  Stream<DynamicTest> transfers(Vertx vertx) {
    return table(vertx,
        row("SEARCH FILETRANSFERS", "FILETRANSFERS "),
        row("SEARCH ACTIVEFILETRANSFERS", "FILETRANSFERS "),
        row("GET FILETRANSFER 208 PARTNER_HANDLE", "ERROR 7 Invalid property"),
        row("GET FILETRANSFER", "ERROR 7 Invalid property"));
  }
}
