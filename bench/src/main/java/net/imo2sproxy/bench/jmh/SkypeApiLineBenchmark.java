package net.imo2sproxy.bench.jmh;

import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.skypeapi.SkypeApiFormatter;
import net.imo2sproxy.protocol.skypeapi.SkypeApiLine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The Skype API command parser and the reply formatter. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SkypeApiLineBenchmark {

  private final String ping = "#17 PING";
  private final String getUser = "#18 GET USER bob FULLNAME";
  private final String message = "#19 MESSAGE bob Grüße, bob! Lunch at 12? Bring the  spaces.";

  @Benchmark
  public SkypeApiLine parsePing() {
    return SkypeApiLine.parse(ping);
  }

  @Benchmark
  public boolean parseAndMatchGetUser() {
    SkypeApiLine line = SkypeApiLine.parse(getUser);
    return line.startsWith("GET", "USER") && line.is(3, "FULLNAME");
  }

  @Benchmark
  public String parseMessageBody() {
    return SkypeApiLine.parse(message).restAfter(1);
  }

  @Benchmark
  public String formatReply() {
    return SkypeApiFormatter.withId("#18", "USER bob FULLNAME Bob Example");
  }
}
