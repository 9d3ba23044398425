package net.imo2sproxy.bench.jmh;

import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import net.imo2sproxy.protocol.wire.SkypeProxyCommand;
import net.imo2sproxy.protocol.wire.SkypeProxyFrameDecoder;
import net.imo2sproxy.protocol.wire.SkypeProxyFrames;
import net.imo2sproxy.protocol.wire.SkypeProxyProtocolException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** The SkypeProxy frame codec: encoding a reply, decoding one frame and a batch of frames. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameCodecBenchmark {

  private static final String LINE = "CHATMESSAGE 1234 BODY Grüße, bob! Lunch at 12?";

  private Buffer oneFrame;
  private Buffer batch;
  private SkypeProxyFrameDecoder decoder;
  private Blackhole sink;

  @Setup
  public void setUp(Blackhole blackhole) {
    sink = blackhole;
    oneFrame = SkypeProxyFrames.encodeFrame(LINE);
    batch = Buffer.buffer();
    for (int i = 0; i < 16; i++) {
      batch.appendBuffer(SkypeProxyFrames.encodeFrame("#" + i + " PING"));
    }
    decoder = new SkypeProxyFrameDecoder(new SkypeProxyFrameDecoder.Listener() {
      @Override
      public void onFrame(Buffer payload) {
        sink.consume(SkypeProxyFrames.payloadText(payload));
      }

      @Override
      public void onCommand(SkypeProxyCommand command) {
        sink.consume(command);
      }

      @Override
      public void onProtocolError(SkypeProxyProtocolException error) {
        throw error;
      }
    });
  }

  @Benchmark
  public Buffer encodeFrame() {
    return SkypeProxyFrames.encodeFrame(LINE);
  }

  /** One frame in one read, decoded to text. */
  @Benchmark
  public void decodeFrame() {
    decoder.handle(oneFrame);
  }

  /** Sixteen pipelined commands in one read. */
  @Benchmark
  public void decodeBatchOf16() {
    decoder.handle(batch);
  }
}
