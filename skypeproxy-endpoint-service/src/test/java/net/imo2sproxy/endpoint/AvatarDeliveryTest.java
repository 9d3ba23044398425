package net.imo2sproxy.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
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
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static byte[] read(TestClient client, int n) throws IOException {
    byte[] bytes = new byte[n];
    new DataInputStream(client.input()).readFully(bytes);
    return bytes;
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** Announces data slots like the Miranda plugin: CAPABILITIES, then MY_CAPABILITIES 02. */
  private static void announceDataSlots(TestClient client) throws IOException {
    client.command(SkypeProxyCommand.CAPABILITIES);
    assertThat(client.readByte()).isEqualTo(0x02);
    client.sendBytes(0, 0, 0, 0, SkypeProxyCommand.MY_CAPABILITIES, 0x02);
  }

  @Test
  void clientWithDataSlotsGetsOpenDataCloseThenTheReply(Vertx vertx) throws Exception {
    int port = deploy(vertx, new EndpointOptions());
    String path = "C:\\Avatars\\bob.jpg";
    byte[] name = (path + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] data = FakeGateway.avatarBytes();
    try (TestClient client = new TestClient(port)) {
      announceDataSlots(client);
      client.frame("#a AVATAR " + path);

      assertThat(read(client, 7)).isEqualTo(bytes(0, 0, 0, 0, 0x04, name.length, 0));
      assertThat(read(client, name.length)).isEqualTo(name);
      // "N after" came from the gateway meanwhile: held until the slot number arrives
      assertThat(client.silentFor(300)).isTrue();
      client.sendBytes(0x07);

      int offset = 0;
      for (int chunk : new int[] {32768, 32768, 70000 - 65536}) {
        assertThat(read(client, 10)).isEqualTo(bytes(0, 0, 0, 0, 0x05, 0x07,
            chunk & 0xFF, chunk >> 8 & 0xFF, chunk >> 16 & 0xFF, 0));
        assertThat(read(client, chunk)).isEqualTo(Arrays.copyOfRange(data, offset, offset + chunk));
        offset += chunk;
      }
      assertThat(read(client, 6)).isEqualTo(bytes(0, 0, 0, 0, 0x06, 0x07));
      assertThat(client.readFrame()).isEqualTo("#a USER bob AVATAR 1 " + path);
      assertThat(client.readFrame()).isEqualTo("N after");
      // framing goes on normally after the raw slot byte
      client.frame("ECHO still here");
      assertThat(client.readFrame()).isEqualTo("ECHO still here");
    }
  }

  @Test
  void slotRefusedByTheClientGivesTheErrorLine(Vertx vertx) throws Exception {
    int port = deploy(vertx, new EndpointOptions());
    try (TestClient client = new TestClient(port)) {
      announceDataSlots(client);
      client.frame("#a AVATAR /tmp/x.jpg");
      byte[] name = "/tmp/x.jpg\0".getBytes(StandardCharsets.UTF_8);
      assertThat(read(client, 7 + name.length)).startsWith(0, 0, 0, 0, 0x04, name.length, 0);
      client.sendBytes(0x00);
      assertThat(client.readFrame()).isEqualTo(ERROR_122);
      assertThat(client.readFrame()).isEqualTo("N after");
    }
  }

  @Test
  void withoutDataSlotsOrAvatarDirTheClientGetsTheErrorLine(Vertx vertx) throws Exception {
    int port = deploy(vertx, new EndpointOptions().setDataSlots(false));
    try (TestClient client = new TestClient(port)) {
      client.command(SkypeProxyCommand.CAPABILITIES);
      assertThat(client.readByte()).isEqualTo(0x00);
      // even a client claiming data slots gets none when they were not offered
      client.sendBytes(0, 0, 0, 0, SkypeProxyCommand.MY_CAPABILITIES, 0x02);
      client.frame("#a AVATAR /tmp/x.jpg");
      assertThat(client.readFrame()).isEqualTo(ERROR_122);
      assertThat(client.readFrame()).isEqualTo("N after");
    }
  }

  @Test
  void withoutDataSlotsTheFileIsWrittenOnlyInsideTheAvatarDir(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Path avatars = Files.createDirectory(dir.resolve("avatars"));
    int port = deploy(vertx, new EndpointOptions().setAvatarDir(avatars.toString()));
    Path bob = avatars.resolve("bob.jpg");
    Files.createFile(bob); // the Miranda plugin creates the empty file first
    try (TestClient client = new TestClient(port)) {
      client.frame("#a AVATAR " + bob);
      assertThat(client.readFrame()).isEqualTo("#a USER bob AVATAR 1 " + bob);
      assertThat(client.readFrame()).isEqualTo("N after");
      assertThat(Files.readAllBytes(bob)).isEqualTo(FakeGateway.avatarBytes());

      client.frame("#a AVATAR " + bob);
      assertThat(client.readFrame()).isEqualTo("#a ERROR 124 GET Destination file is not empty");
      assertThat(client.readFrame()).isEqualTo("N after");

      client.frame("#a AVATAR " + avatars.resolve("missing-dir/carol.jpg"));
      assertThat(client.readFrame()).isEqualTo("#a ERROR 121 GET File path doesn't exist");
      assertThat(client.readFrame()).isEqualTo("N after");

      Path escape = dir.resolve("escaped.jpg");
      client.frame("#a AVATAR " + avatars + "/../escaped.jpg");
      assertThat(client.readFrame()).isEqualTo(ERROR_122);
      assertThat(client.readFrame()).isEqualTo("N after");
      client.frame("#a AVATAR relative.jpg");
      assertThat(client.readFrame()).isEqualTo(ERROR_122);
      assertThat(client.readFrame()).isEqualTo("N after");
      assertThat(escape).doesNotExist();
      assertThat(avatars.resolve("relative.jpg")).doesNotExist();
    }
  }
}
