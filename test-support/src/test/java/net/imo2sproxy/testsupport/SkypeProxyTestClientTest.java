package net.imo2sproxy.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrameDecoder;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.protocol.wire.SkypeProxyProtocolException;
import net.imo2sproxy.testsupport.ServerInput.CloseSlot;
import net.imo2sproxy.testsupport.ServerInput.DataSlot;
import net.imo2sproxy.testsupport.ServerInput.OpenSlot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client against a scripted server on 127.0.0.1 that answers AUTHENTICATE, echoes every
 * line (a line with an {@code #id} is answered {@code #id OK}) and, on {@code AVATAR}, pushes a
 * data slot; the test calls from the JUnit thread.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SkypeProxyTestClientTest {

  private int port;

  @BeforeEach
  void scriptedServer(Vertx vertx) throws Exception {
    NetServer server = vertx.createNetServer().connectHandler(this::serve);
    port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
  }

  private void serve(NetSocket socket) {
    AtomicReference<Boolean> password = new AtomicReference<>(false);
    socket.handler(new SkypeProxyFrameDecoder(new SkypeProxyFrameDecoder.Listener() {
      @Override
      public void onFrame(Buffer payload) {
        String line = SkypeProxyFrames.payloadText(payload);
        if (password.getAndSet(false)) {
          socket.write(SkypeProxyFrames.rawByte(line.equals("bob:pw") ? 1 : 0));
        } else if (line.equals("AVATAR")) {
          socket.write(SkypeProxyFrames.openSlot("bob.jpg"));
          SkypeProxyFrames.dataSlots(7, new byte[] {1, 2, 3}).forEach(socket::write);
          socket.write(SkypeProxyFrames.closeSlot(7));
          socket.write(SkypeProxyFrames.encodeFrame("AVATAR done"));
        } else if (line.startsWith("#")) {
          socket.write(SkypeProxyFrames.encodeFrame(line.substring(0, line.indexOf(' ')) + " OK"));
        } else if (line.equals("BYE")) {
          socket.close();
        } else {
          socket.write(SkypeProxyFrames.encodeFrame("echo " + line));
        }
      }

      @Override
      public void onCommand(SkypeProxyCommand command) {
        password.set(command.isAuthenticate());
        socket.write(SkypeProxyFrames.rawByte(command.isAuthenticate() ? 1 : 0));
      }

      @Override
      public void onProtocolError(SkypeProxyProtocolException error) {
        socket.close();
      }
    }));
  }

  @Test
  void handshakeLinesAndSlotsInStreamOrder(Vertx vertx) throws Exception {
    SkypeProxyTestClient client = Await.result(SkypeProxyTestClient.connect(vertx, port));
    assertThat(Await.result(client.authenticate("bob:pw"))).isEqualTo(1);
    assertThat(Await.result(client.command(0x7F))).isZero();
    client.send("one");
    client.send("AVATAR");
    assertThat(Await.result(client.nextLine())).isEqualTo("echo one");
    OpenSlot open = (OpenSlot) Await.result(client.next());
    assertThat(open.name()).isEqualTo("bob.jpg");
    assertThat(open.rawName().getBytes()).endsWith(0);
    DataSlot data = (DataSlot) Await.result(client.next());
    assertThat(data.slot()).isEqualTo(7);
    assertThat(data.data().getBytes()).containsExactly(1, 2, 3);
    assertThat(Await.result(client.next())).isEqualTo(new CloseSlot(7));
    assertThat(Await.result(client.nextLine())).isEqualTo("AVATAR done");
    assertThat(Await.result(client.request("two"))).isEqualTo("#tc1 OK");
    client.close();
    Await.result(client.closed());
  }

  @Test
  void awaitSeesEveryLineTakeEachOnceAskOnlyLaterOnes(Vertx vertx) throws Exception {
    SkypeProxyTestClient client = Await.result(SkypeProxyTestClient.connect(vertx, port))
        .patience(Duration.ofMillis(500));
    assertThat(Await.result(client.ask("x", "echo "))).isEqualTo("echo x");
    assertThat(Await.result(client.ask("x", "echo "))).isEqualTo("echo x");
    assertThat(Await.result(client.await("echo x"))).isEqualTo("echo x");
    assertThat(Await.result(client.take("echo x"::equals, "x"))).isEqualTo("echo x");
    assertThat(Await.result(client.take("echo x"::equals, "x"))).isEqualTo("echo x");
    // both taken: a third one times out, naming what it waited for
    assertThatThrownBy(() -> Await.result(client.take("echo x"::equals, "a third x")))
        .hasMessageContaining("no a third x within 500 ms");
    assertThat(client.lines()).containsExactly("echo x", "echo x");
    assertThat(Await.result(client.quietFor(Duration.ofMillis(100)))).isTrue();
  }

  @Test
  void aWaitEndsWhenTheServerCloses(Vertx vertx) throws Exception {
    SkypeProxyTestClient client = Await.result(SkypeProxyTestClient.connect(vertx, port));
    var never = client.await("never");
    client.send("BYE");
    Await.result(client.awaitClosed());
    assertThatThrownBy(() -> Await.result(never)).hasMessageContaining("connection closed");
    assertThat(client.isClosed()).isTrue();
  }

  @Test
  void boundedWaitsFailNamingTheirCondition(Vertx vertx) throws Exception {
    long[] asked = {0};
    assertThatThrownBy(() -> Await.until("the impossible", Duration.ofMillis(200), () -> {
      asked[0]++;
      return false;
    })).isInstanceOf(AssertionError.class).hasMessageContaining("the impossible");
    assertThat(asked[0]).isEqualTo(200 / Await.INTERVAL.toMillis() + 1);
    assertThat(Await.value("three", Duration.ofSeconds(1), () -> List.of(1, 2, 3),
        l -> l.size() == 3)).hasSize(3);
    int[] n = {0};
    Await.result(Await.until(vertx, "the third answer", Duration.ofSeconds(5),
        () -> io.vertx.core.Future.succeededFuture(++n[0] == 3)));
    assertThat(n[0]).isEqualTo(3);
    assertThatThrownBy(() -> Await.result(Await.until(vertx, "never", Duration.ofMillis(100),
        () -> io.vertx.core.Future.succeededFuture(false)))).hasMessageContaining("never");
  }
}
