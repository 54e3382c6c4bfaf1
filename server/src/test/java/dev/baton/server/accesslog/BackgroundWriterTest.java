package dev.baton.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.baton.server.testing.Await;
import org.junit.jupiter.api.Test;

class BackgroundWriterTest {

  /** A sink that runs {@code write} per item and counts flushes. */
  static <T> BackgroundWriter.Sink<T> sink(java.util.function.Consumer<T> write, AtomicInteger flushes) {
    return new BackgroundWriter.Sink<>() {
      @Override
      public void write(T item) {
        write.accept(item);
      }

      @Override
      public void flush() {
        flushes.incrementAndGet();
      }
    };
  }

  @Test
  void writesEveryItemInOrderOnItsOwnThreadAndFlushesOnClose() {
    List<String> threads = new CopyOnWriteArrayList<>();
    List<Integer> items = new CopyOnWriteArrayList<>();
    BackgroundWriter<Integer> writer = new BackgroundWriter<>("test-writer", 1_000, 20, sink(i -> {
      threads.add(Thread.currentThread().getName());
      items.add(i);
    }, new AtomicInteger()));
    for (int i = 0; i < 500; i++) {
      writer.offer(i);
    }
    writer.close();
    assertThat(items).hasSize(500).isSorted();
    assertThat(threads).containsOnly("test-writer");
    assertThat(writer.written()).isEqualTo(500);
    assertThat(writer.dropped()).isZero();
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlockingTheCaller() throws InterruptedException {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> items = new CopyOnWriteArrayList<>();
    BackgroundWriter<Integer> writer = new BackgroundWriter<>("stalled-writer", 4, 20, sink(i -> {
      stuck.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      items.add(i);
    }, new AtomicInteger()));
    writer.offer(0); // taken by the writer, which then stalls like a blocked disk
    assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 10; i++) {
      writer.offer(i); // four fit in the queue, six are dropped
    }
    assertThat(writer.dropped()).isEqualTo(6);
    release.countDown();
    writer.close();
    assertThat(items).containsExactly(0, 1, 2, 3, 4);
    writer.offer(99); // after close: counted, not written
    assertThat(writer.dropped()).isEqualTo(7);
  }

  @Test
  void aThrowingWriteIsCountedAndTheWriterKeepsGoing() {
    List<Integer> items = new CopyOnWriteArrayList<>();
    BackgroundWriter<Integer> writer = new BackgroundWriter<>("flaky-writer", 100, 20, sink(i -> {
      if (i == 1) {
        throw new IllegalStateException("disk full");
      }
      items.add(i);
    }, new AtomicInteger()));
    writer.offer(0);
    writer.offer(1);
    writer.offer(2);
    writer.close();
    assertThat(items).containsExactly(0, 2);
    assertThat(writer.dropped()).isEqualTo(1);
  }

  @Test
  void flushesOnceTheQueueIsEmptyWithoutWaitingForClose() {
    List<Integer> items = new CopyOnWriteArrayList<>();
    AtomicInteger flushes = new AtomicInteger();
    BackgroundWriter<Integer> writer = new BackgroundWriter<>("idle-writer", 100, 20,
        sink(items::add, flushes));
    try {
      writer.offer(7);
      Await.until("the item written and flushed", () -> items.contains(7) && flushes.get() >= 1);
      int afterFirst = flushes.get();
      writer.offer(8);
      Await.until("the second item flushed", () -> items.contains(8) && flushes.get() > afterFirst);
    } finally {
      writer.close();
    }
    assertThat(items).containsExactly(7, 8);
  }
}
