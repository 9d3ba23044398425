package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.testsupport.Await;
import net.imo2sproxy.testsupport.ServerInput.CloseSlot;
import net.imo2sproxy.testsupport.ServerInput.DataSlot;
import net.imo2sproxy.testsupport.ServerInput.OpenSlot;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code avatar} bus message (EVENT-BUS.md "Avatar") delivered by a real endpoint to real
 * TCP clients: data slots (docs/skypeproxy-wire.md §7), the avatar directory, or the error line.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AvatarDeliveryTest {

  private static final String ERROR_122 = "#a ERROR 122 GET Unable to load avatar";

  private static int deploy(Vertx vertx, EndpointOptions options) throws Exception {
    await(vertx.deployVerticle(new FakeGateway(true)));
    SkypeProxyEndpointVerticle endpoint = new SkypeProxyEndpointVerticle(options
        .setPort(0).setHandshakeTimeout(Duration.ofSeconds(5))
        .setBusRequestTimeout(Duration.ofSeconds(2)));
    await(vertx.deployVerticle(endpoint));
    return endpoint.actualPort();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return Await.result(future, Duration.ofSeconds(10));
  }

  private static SkypeProxyTestClient connect(Vertx vertx, int port) throws Exception {
    return await(SkypeProxyTestClient.connect(vertx, port));
  }

  /** Announces data slots like the Miranda plugin: CAPABILITIES, then MY_CAPABILITIES 02. */
  private static void announceDataSlots(SkypeProxyTestClient client) throws Exception {
    assertThat(Await.result(client.command(SkypeProxyCommand.CAPABILITIES))).isEqualTo(0x02);
    client.sendBytes(0, 0, 0, 0, SkypeProxyCommand.MY_CAPABILITIES, 0x02);
  }

  @Test
  void clientWithDataSlotsGetsOpenDataCloseThenTheReply(Vertx vertx) throws Exception {
    int port = deploy(vertx, new EndpointOptions());
    String path = "C:\\Avatars\\bob.jpg";
    byte[] name = (path + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] data = FakeGateway.avatarBytes();
    try (SkypeProxyTestClient client = connect(vertx, port)) {
      announceDataSlots(client);
      client.send("#a AVATAR " + path);

      OpenSlot open = (OpenSlot) await(client.next());
      assertThat(open.rawName().getBytes()).isEqualTo(name);
      // "N after" came from the gateway meanwhile: held until the slot number arrives
      assertThat(Await.result(client.quietFor(Duration.ofMillis(300)))).isTrue();
      client.sendBytes(0x07);

      int offset = 0;
      for (int chunk : new int[] {32768, 32768, 70000 - 65536}) {
        DataSlot slot = (DataSlot) await(client.next());
        assertThat(slot.slot()).isEqualTo(0x07);
        assertThat(slot.data().getBytes())
            .isEqualTo(Arrays.copyOfRange(data, offset, offset + chunk));
        offset += chunk;
      }
      assertThat(await(client.next())).isEqualTo(new CloseSlot(0x07));
      assertThat(Await.result(client.nextLine())).isEqualTo("#a USER bob AVATAR 1 " + path);
      assertThat(Await.result(client.nextLine())).isEqualTo("N after");
      // framing goes on normally after the raw slot byte
      client.send("ECHO still here");
      assertThat(Await.result(client.nextLine())).isEqualTo("ECHO still here");
    }
  }

  @Test
  void slotRefusedByTheClientGivesTheErrorLine(Vertx vertx) throws Exception {
    int port = deploy(vertx, new EndpointOptions());
    try (SkypeProxyTestClient client = connect(vertx, port)) {
      announceDataSlots(client);
      client.send("#a AVATAR /tmp/x.jpg");
      byte[] name = "/tmp/x.jpg\0".getBytes(StandardCharsets.UTF_8);
      assertThat(((OpenSlot) await(client.next())).rawName().getBytes()).isEqualTo(name);
      client.sendBytes(0x00);
      assertThat(Await.result(client.nextLine())).isEqualTo(ERROR_122);
      assertThat(Await.result(client.nextLine())).isEqualTo("N after");
    }
  }

  @Test
  void withoutDataSlotsOrAvatarDirTheClientGetsTheErrorLine(Vertx vertx) throws Exception {
    int port = deploy(vertx, new EndpointOptions().setDataSlots(false));
    try (SkypeProxyTestClient client = connect(vertx, port)) {
      assertThat(Await.result(client.command(SkypeProxyCommand.CAPABILITIES))).isEqualTo(0x00);
      // even a client claiming data slots gets none when they were not offered
      client.sendBytes(0, 0, 0, 0, SkypeProxyCommand.MY_CAPABILITIES, 0x02);
      client.send("#a AVATAR /tmp/x.jpg");
      assertThat(Await.result(client.nextLine())).isEqualTo(ERROR_122);
      assertThat(Await.result(client.nextLine())).isEqualTo("N after");
    }
  }

  @Test
  void withoutDataSlotsTheFileIsWrittenOnlyInsideTheAvatarDir(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Path avatars = Files.createDirectory(dir.resolve("avatars"));
    int port = deploy(vertx, new EndpointOptions().setAvatarDir(avatars.toString()));
    Path bob = avatars.resolve("bob.jpg");
    Files.createFile(bob); // the Miranda plugin creates the empty file first
    try (SkypeProxyTestClient client = connect(vertx, port)) {
      client.send("#a AVATAR " + bob);
      assertThat(Await.result(client.nextLine())).isEqualTo("#a USER bob AVATAR 1 " + bob);
      assertThat(Await.result(client.nextLine())).isEqualTo("N after");
      assertThat(Files.readAllBytes(bob)).isEqualTo(FakeGateway.avatarBytes());

      client.send("#a AVATAR " + bob);
      assertThat(Await.result(client.nextLine())).isEqualTo("#a ERROR 124 GET Destination file is not empty");
      assertThat(Await.result(client.nextLine())).isEqualTo("N after");

      client.send("#a AVATAR " + avatars.resolve("missing-dir/carol.jpg"));
      assertThat(Await.result(client.nextLine())).isEqualTo("#a ERROR 121 GET File path doesn't exist");
      assertThat(Await.result(client.nextLine())).isEqualTo("N after");

      Path escape = dir.resolve("escaped.jpg");
      client.send("#a AVATAR " + avatars + "/../escaped.jpg");
      assertThat(Await.result(client.nextLine())).isEqualTo(ERROR_122);
      assertThat(Await.result(client.nextLine())).isEqualTo("N after");
      client.send("#a AVATAR relative.jpg");
      assertThat(Await.result(client.nextLine())).isEqualTo(ERROR_122);
      assertThat(Await.result(client.nextLine())).isEqualTo("N after");
      assertThat(escape).doesNotExist();
      assertThat(avatars.resolve("relative.jpg")).doesNotExist();
    }
  }
}
