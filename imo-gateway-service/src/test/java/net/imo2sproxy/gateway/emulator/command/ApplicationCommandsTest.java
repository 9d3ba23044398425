package net.imo2sproxy.gateway.emulator.command;

import static net.imo2sproxy.gateway.emulator.command.CommandHarness.given;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.row;
import static net.imo2sproxy.gateway.emulator.command.CommandHarness.table;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.Stream;
import net.imo2sproxy.gateway.emulator.command.CommandHarness.Case;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ApplicationCommands}: the {@code libpurple_typing} application. */
@ExtendWith(VertxExtension.class)
class ApplicationCommandsTest {

  private static final String APP = "APPLICATION libpurple_typing";

  @TestFactory
  Stream<DynamicTest> typing(Vertx vertx) {
    return table(vertx,
        row("CREATE " + APP, "CREATE " + APP),
        row("CREATE", "ERROR 536 CREATE: no object or type given"),
        row("CREATE FOO", "ERROR 537 CREATE: Unknown object type given"),
        row("CREATE APPLICATION other", "ERROR 540 CREATE APPLICATION: Missing or invalid name"),
        row("DELETE " + APP, "DELETE " + APP),
        row("DELETE", "ERROR 538 DELETE: no object or type given"),
        row("DELETE APPLICATION other",
            "ERROR 542 DELETE APPLICATION: Missing or invalid application name"),
        row("ALTER " + APP + " CONNECT bob", List.of("ALTER " + APP + " CONNECT bob",
            APP + " CONNECTING bob", APP + " STREAMS bob:1"), List.of()),
        row("ALTER " + APP + " CONNECT nobody",
            "ERROR 547 ALTER APPLICATION CONNECT: Invalid user handle"),
        row("ALTER " + APP + " DATAGRAM bob:1 PURPLE_TYPING", "ALTER " + APP + " DATAGRAM bob:1",
            "imTyping bob typing"),
        row("ALTER " + APP + " DATAGRAM bob:1 PURPLE_NOT_TYPING",
            "ALTER " + APP + " DATAGRAM bob:1", "imTyping bob not_typing"),
        row("ALTER " + APP + " DATAGRAM bob:1 HELLO", "ALTER " + APP + " DATAGRAM bob:1"),
        row("ALTER " + APP + " DATAGRAM bob:1", "ERROR 541 APPLICATION: Operation failed"),
        row("ALTER " + APP + " DATAGRAM nobody:1 PURPLE_TYPING",
            "ERROR 551 ALTER APPLICATION DATAGRAM: Missing or invalid stream identifier"),
        given(h -> h.upstream.failing.add("imTyping"),
            "ALTER " + APP + " DATAGRAM bob:1 PURPLE_TYPED",
            "ERROR 541 APPLICATION: Operation failed", "imTyping bob typed"),
        row("ALTER " + APP + " DISCONNECT bob:1", "ALTER " + APP + " DISCONNECT bob:1"),
        row("ALTER " + APP, "ERROR 545 ALTER: missing or invalid action"),
        row("ALTER", "ERROR 526 ALTER: no object type given"),
        row("ALTER FOO", "ERROR 527 ALTER: unknown object type given"));
  }
}
