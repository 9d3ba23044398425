package net.imo2sproxy.bench.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import net.imo2sproxy.bench.HopTrace;
import net.imo2sproxy.protocol.trace.DeliveryHop;

/**
 * The JFR side of {@code --trace-hops}: a recording of {@link DeliveryHop} events alone in
 * every service JVM (started by a JVM option, dumped with {@code jcmd JFR.dump}) and in the
 * load generator (its {@code plugin-sent} hops, and every hop in the local deployment), read
 * back into {@link HopTrace.Hop}s.
 */
public final class HopRecordings implements AutoCloseable {

  /** The name of the recording in the service JVMs. */
  static final String RECORDING = "hops";

  private final Path dir;
  private final Recording own = new Recording();

  /** Starts the load generator's own recording; {@code dir} receives the dumps. */
  public HopRecordings(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    own.enable(DeliveryHop.NAME).withoutStackTrace().withoutThreshold();
    own.setName(RECORDING);
    own.start();
  }

  /** The option that starts the hop recording in a service JVM (settings: this event only). */
  public String jvmOption() throws IOException {
    Path jfc = dir.resolve("hops.jfc");
    Files.writeString(jfc, """
        <?xml version="1.0" encoding="UTF-8"?>
        <configuration version="2.0" label="imo2sproxy delivery hops">
          <event name="%s">
            <setting name="enabled">true</setting>
            <setting name="stackTrace">false</setting>
            <setting name="threshold">0 ns</setting>
          </event>
        </configuration>
        """.formatted(DeliveryHop.NAME));
    return "-XX:StartFlightRecording=name=" + RECORDING + ",settings=" + jfc.toAbsolutePath();
  }

  /** Dumps every service JVM's recording and the load generator's, and reads their hops. */
  public List<HopTrace.Hop> collect(List<MeasuredProcess> processes) throws IOException {
    List<Path> files = new ArrayList<>();
    for (MeasuredProcess p : processes) {
      Path file = dir.resolve(p.name() + "-hops.jfr").toAbsolutePath();
      Files.deleteIfExists(file);
      if (p.dumpRecording(RECORDING, file)) {
        files.add(file);
      }
    }
    Path mine = dir.resolve("loadgen-hops.jfr");
    own.dump(mine);
    files.add(mine);
    List<HopTrace.Hop> hops = new ArrayList<>();
    for (Path f : files) {
      for (RecordedEvent e : RecordingFile.readAllEvents(f)) {
        if (e.getEventType().getName().equals(DeliveryHop.NAME)) {
          Instant t = e.getStartTime();
          hops.add(new HopTrace.Hop(e.getString("hop"), e.getString("key"), e.getString("link"),
              t.getEpochSecond() * 1_000_000_000L + t.getNano()));
        }
      }
    }
    return hops;
  }

  @Override
  public void close() {
    own.close();
  }
}
