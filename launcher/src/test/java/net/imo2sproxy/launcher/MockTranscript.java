package net.imo2sproxy.launcher;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;

/**
 * A transcript in the form of bitlbee's Skype plugin tests ({@code t/*-skyped.mock}):
 * {@code >> command} is sent, {@code << line} is the next line the client must receive, exactly
 * and in order, reply or notification alike. Commands go out with an {@code #id} of the
 * transcript's, stripped from their replies before the comparison; a reply must carry the id
 * of the last command. End with a command (e.g. {@code PING}) so that nothing unexpected can
 * hide after the last expected line.
 */
final class MockTranscript {

  private final List<String> lines = new ArrayList<>();
  private final String prefix;
  private int nextId = 1;

  /** @param prefix the ids' prefix, e.g. {@code #b} (one per client of a test) */
  MockTranscript(String prefix) {
    this.prefix = prefix;
  }

  /** Adds lines, each starting with {@code >> } or {@code << }. */
  MockTranscript lines(String... more) {
    for (String line : more) {
      if (!line.startsWith(">> ") && !line.startsWith("<< ")) {
        throw new IllegalArgumentException("not a transcript line: " + line);
      }
      lines.add(line);
    }
    return this;
  }

  /** Replays the transcript; fails at the first line that differs. */
  Future<Void> run(SkypeProxyTestClient client) {
    Future<Void> chain = Future.succeededFuture();
    String[] lastId = new String[1];
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String text = line.substring(3);
      int at = i + 1;
      if (line.startsWith(">> ")) {
        String id = prefix + nextId++;
        chain = chain.compose(v -> {
          lastId[0] = id;
          return client.send(id + " " + text);
        });
      } else {
        chain = chain.compose(v -> client.nextLine()).compose(received -> {
          boolean reply = received.startsWith(lastId[0] + " ");
          String got = reply ? received.substring(lastId[0].length() + 1) : received;
          // a line with an id of ours that is not the last command's answers the wrong one
          if (!got.equals(text) || !reply && received.startsWith(prefix)) {
            return Future.failedFuture(new AssertionError("transcript line " + at
                + ": expected '" + text + "' but got '" + received + "'"));
          }
          return Future.succeededFuture();
        });
      }
    }
    return chain;
  }
}
