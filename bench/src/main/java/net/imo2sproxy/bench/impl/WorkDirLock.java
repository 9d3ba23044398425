package net.imo2sproxy.bench.impl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One bench at a time per work directory: two runs there truncate each other's service logs
 * (a service still writing fills the new log with zeros, and the start-up check reads it
 * for minutes) and each other's world file. An OS file lock, so a crashed bench holds none.
 */
public final class WorkDirLock implements AutoCloseable {

  static final String FILE = ".bench.lock";

  private final FileChannel channel;

  private WorkDirLock(FileChannel channel) {
    this.channel = channel;
  }

  /** Locks {@code workDir} (created if missing) or fails naming it when a bench holds it. */
  public static WorkDirLock acquire(Path workDir) throws IOException {
    Files.createDirectories(workDir);
    FileChannel channel = FileChannel.open(workDir.resolve(FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this JVM already
    }
    if (lock == null) {
      channel.close();
      throw new IOException("another bench is running in " + workDir
          + " (wait for it, or give this one its own --work-dir)");
    }
    return new WorkDirLock(channel);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
