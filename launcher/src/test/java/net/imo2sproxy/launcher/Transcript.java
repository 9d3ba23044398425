package net.imo2sproxy.launcher;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.imo2sproxy.testsupport.SkypeProxyTestClient;

/**
 * A golden transcript: commands and the exact reply line each must get, replayed in order over
 * a {@link SkypeProxyTestClient}. Every command is sent with its own {@code #id} and its reply
 * is the line carrying that id, so notifications in between do not disturb the comparison.
 * In an expected line {@code {name=}} matches a number and remembers it as {@code name},
 * {@code {name:}} matches a word (no spaces: a chat name) and remembers it;
 * {@code {name}} stands for the remembered value. A {@link #notification} step sends nothing
 * and waits for the oldest notification not taken before that matches its line.
 */
final class Transcript {

  private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)([=:]?)}");

  private record Step(String command, String expected) {
  }

  private final List<Step> steps = new ArrayList<>();
  final Map<String, String> values = new HashMap<>();
  private int nextId = 1;

  Transcript step(String command, String expected) {
    steps.add(new Step(command, expected));
    return this;
  }

  /** Waits for a notification matching {@code expected} (variables as in a reply). */
  Transcript notification(String expected) {
    steps.add(new Step(null, expected));
    return this;
  }

  /** Replays the steps with remembered numbers taken over from another transcript. */
  Future<Void> run(Map<String, String> known, SkypeProxyTestClient client) {
    values.putAll(known);
    return run(client).onSuccess(v -> known.putAll(values));
  }

  /** Replays the steps; fails with the first difference. */
  Future<Void> run(SkypeProxyTestClient client) {
    Future<Void> chain = Future.succeededFuture();
    for (Step step : steps) {
      chain = chain.compose(v -> play(client, step));
    }
    return chain;
  }

  private Future<Void> play(SkypeProxyTestClient client, Step step) {
    if (step.command == null) {
      return Future.succeededFuture().compose(v -> {
        Pattern pattern = expectation(step.expected);
        return client.take(l -> pattern.matcher(l).matches(), "'" + step.expected + "'")
            .compose(line -> remember(step, pattern.matcher(line)));
      });
    }
    String id = "#g" + nextId++;
    String command = substitute(step.command);
    return client.ask(id + " " + command, id + " ").compose(line -> {
      String reply = line.substring(id.length() + 1);
      Matcher matcher = expectation(step.expected).matcher(reply);
      if (!matcher.matches()) {
        return Future.failedFuture(new AssertionError("after '" + command + "' expected '"
            + step.expected + "' but got '" + reply + "'"));
      }
      return remember(step, matcher);
    });
  }

  private Future<Void> remember(Step step, Matcher matcher) {
    if (!matcher.matches()) {
      return Future.failedFuture(new AssertionError("no match for '" + step.expected + "'"));
    }
    Matcher names = VARIABLE.matcher(step.expected);
    int group = 1;
    while (names.find()) {
      if (!names.group(2).isEmpty()) {
        values.put(names.group(1), matcher.group(group++));
      }
    }
    return Future.succeededFuture();
  }

  String substitute(String text) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(values.get(matcher.group(1))));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private Pattern expectation(String expected) {
    Matcher matcher = VARIABLE.matcher(expected);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (matcher.find()) {
      regex.append(Pattern.quote(expected.substring(last, matcher.start())));
      regex.append(switch (matcher.group(2)) {
        case "" -> Pattern.quote(values.get(matcher.group(1)));
        case "=" -> "(\\d+)";
        default -> "(\\S+)";
      });
      last = matcher.end();
    }
    regex.append(Pattern.quote(expected.substring(last)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
