package dev.baton.server.hardening;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the test JVM (Baton runs in it) holds: resident memory from /proc/self/status, heap in use
 * after a collection, open file descriptors. Linux only, like Baton's container.
 */
record Footprint(long rssBytes, long heapBytes, long directBytes, long fds) {

  static Footprint now() {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Footprint(readRss(), heap, usedDirect(), countFds());
  }

  /**
   * Direct memory of the allocator Vert.x pools from: Netty's default one (adaptive since Netty
   * 4.2, not {@code PooledByteBufAllocator.DEFAULT}, which nothing here allocates from).
   */
  private static long usedDirect() {
    if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider metered) {
      return metered.metric().usedDirectMemory();
    }
    throw new IllegalStateException("no metric for " + ByteBufAllocator.DEFAULT);
  }

  /**
   * What Baton retains beyond {@code before}: heap after a collection plus Netty's pooled direct
   * memory. Resident memory is reported too but not judged: the JVM grows its heap under a burst of
   * garbage and keeps it, which says nothing about what a flood left behind.
   */
  long retainedSince(Footprint before) {
    return heapBytes + directBytes - before.heapBytes - before.directBytes;
  }

  private static long readRss() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      String line = lines.filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
      return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long countFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "rss=%d MB heap=%d MB direct=%d MB fds=%d".formatted(rssBytes >> 20, heapBytes >> 20,
        directBytes >> 20, fds);
  }
}
