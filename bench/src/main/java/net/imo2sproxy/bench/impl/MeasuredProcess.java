package net.imo2sproxy.bench.impl;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import net.imo2sproxy.bench.GcPauses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM whose CPU time, allocation, GC pauses, heap after GC and RSS the report shows: a child
 * process (read with {@code jcmd}, its local JMX agent, its safepoint log and {@code /proc}) or
 * the load generator itself. Blocking: call from the main
 * thread only, never from an event loop.
 */
public final class MeasuredProcess {

  private static final int HEAP_READINGS = 3;
  private static final long HEAP_READING_GAP_MS = 700;
  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  private final String name;
  private final ProcessHandle handle;
  private final boolean self;
  private final Path safepointLog;
  private JMXConnector jmx;

  private MeasuredProcess(String name, ProcessHandle handle, boolean self, Path safepointLog) {
    this.name = name;
    this.handle = handle;
    this.self = self;
    this.safepointLog = safepointLog;
  }

  public static MeasuredProcess self(String name) {
    return new MeasuredProcess(name, ProcessHandle.current(), true, null);
  }

  public static MeasuredProcess child(String name, Process process) {
    return child(name, process, null);
  }

  /** @param safepointLog where the child writes {@code -Xlog:safepoint} (null: no GC pauses) */
  public static MeasuredProcess child(String name, Process process, Path safepointLog) {
    return new MeasuredProcess(name, process.toHandle(), false, safepointLog);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return handle.pid();
  }

  /** User plus system CPU time so far, in nanoseconds (0 when the OS does not say). */
  public long cpuNanos() {
    return handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /**
   * Bytes allocated on the heap so far by the process's live threads (-1 when unavailable):
   * the sum of {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, exact to the
   * byte, read through the child's local JMX agent (started once over the attach API). A thread
   * that ended in between takes its bytes with it; the services' event loops and workers live
   * as long as the process.
   */
  public long allocatedBytes() {
    try {
      ThreadMXBean threads = self ? ManagementFactory.getThreadMXBean() : remoteThreads();
      if (!(threads instanceof com.sun.management.ThreadMXBean hotspot)) {
        return -1;
      }
      long sum = 0;
      for (long bytes : hotspot.getThreadAllocatedBytes(threads.getAllThreadIds())) {
        sum += Math.max(0, bytes); // -1 for a thread that ended meanwhile
      }
      return sum;
    } catch (Exception e) {
      System.err.println("bench: cannot read the allocation of " + name + ": " + e);
      return -1;
    }
  }

  /**
   * Milliseconds the JIT compilers have spent so far ({@link CompilationMXBean}), -1 when
   * unavailable: a warm-up is over when this stops growing, and a measured phase that
   * compiled much was measured against a JVM still warming up.
   */
  public long compilationMillis() {
    try {
      CompilationMXBean jit = self ? ManagementFactory.getCompilationMXBean()
          : ManagementFactory.newPlatformMXBeanProxy(mbeanServer(),
              ManagementFactory.COMPILATION_MXBEAN_NAME, CompilationMXBean.class);
      return jit != null && jit.isCompilationTimeMonitoringSupported()
          ? jit.getTotalCompilationTime() : -1;
    } catch (Exception e) {
      System.err.println("bench: cannot read the JIT time of " + name + ": " + e);
      return -1;
    }
  }

  private ThreadMXBean remoteThreads() throws Exception {
    return ManagementFactory.newPlatformMXBeanProxy(mbeanServer(),
        ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
  }

  /** This JVM's MBean server, or the child's through its local JMX agent (started once). */
  private MBeanServerConnection mbeanServer() throws Exception {
    if (self) {
      return ManagementFactory.getPlatformMBeanServer();
    }
    if (jmx == null) {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(pid()));
      try {
        jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
      } finally {
        vm.detach();
      }
    }
    return jmx.getMBeanServerConnection();
  }

  /** How far the safepoint log has been written (-1 without one): a mark for {@link #gcPauses}. */
  public long safepointLogMark() {
    try {
      return safepointLog == null ? -1 : Files.size(safepointLog);
    } catch (IOException e) {
      return -1;
    }
  }

  /** The collector's pauses logged between two marks (null without a log). */
  public GcPauses gcPauses(long fromMark, long toMark) {
    if (safepointLog == null || fromMark < 0 || toMark < fromMark) {
      return null;
    }
    try (RandomAccessFile file = new RandomAccessFile(safepointLog.toFile(), "r")) {
      byte[] bytes = new byte[(int) (toMark - fromMark)];
      file.seek(fromMark);
      file.readFully(bytes);
      return GcPauses.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    }
  }

  /** Resident set size in bytes, from /proc (-1 when unavailable). */
  public long rssBytes() {
    try {
      String status = Files.readString(Path.of("/proc", Long.toString(pid()), "status"));
      Matcher m = VM_RSS.matcher(status);
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The heap in use after full GCs, in bytes (-1 on failure): the least of
   * {@value #HEAP_READINGS} readings {@value #HEAP_READING_GAP_MS} ms apart, all printed, so
   * that a reading disturbed by work in flight shows (they agree within a few MiB).
   */
  public long heapAfterGcBytes() {
    long least = -1;
    StringBuilder readings = new StringBuilder();
    for (int i = 0; i < HEAP_READINGS; i++) {
      if (i > 0) {
        try {
          Thread.sleep(HEAP_READING_GAP_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return least;
        }
      }
      long reading = heapReading();
      readings.append(i > 0 ? ", " : "")
          .append(reading < 0 ? "failed" : String.format("%.1f", reading / 1048576.0));
      if (reading >= 0 && (least < 0 || reading < least)) {
        least = reading;
      }
    }
    System.err.println("bench: " + name + " heap after GC, " + HEAP_READINGS + " readings: "
        + readings + " MiB (the least is reported)");
    return least;
  }

  /**
   * Forces two full GCs and returns the heap they left, in bytes (-1 on failure): each heap
   * pool's usage after the last collection, read over JMX. Not {@code GC.heap_info} after
   * {@code GC.run}: by the time that second command attached, half a second later, an idle
   * gateway of 10,000 sessions had allocated 30-70 MiB more (bench README, "Twelfth round").
   * Two GCs: after one, a gateway of 2,000 sessions still held 27 MiB of objects freed only
   * once their references were processed.
   */
  private long heapReading() {
    try {
      MBeanServerConnection server = mbeanServer();
      MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server,
          ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
      memory.gc();
      memory.gc();
      long used = 0;
      for (MemoryPoolMXBean pool
          : ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class)) {
        MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
        if (afterGc != null) {
          used += afterGc.getUsed();
        }
      }
      return used;
    } catch (Exception e) {
      System.err.println("bench: cannot read the heap of " + name + ": " + e);
      return -1;
    }
  }

  /**
   * Dumps the JFR recording {@code recording} of a child JVM to {@code file}; false for the
   * load generator itself (it records in-process) or when the dump failed.
   */
  public boolean dumpRecording(String recording, Path file) {
    if (self) {
      return false;
    }
    try {
      jcmd("JFR.dump name=" + recording + " filename=" + file);
      return Files.isRegularFile(file);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path javaHome = Path.of(System.getProperty("java.home"));
    Path tool = javaHome.resolve("bin").resolve("jcmd");
    Process p = new ProcessBuilder(Files.isExecutable(tool) ? tool.toString() : "jcmd",
        Long.toString(pid()), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out;
  }
}
