package dev.baton.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundWriterTest {

  @Test
  void writesEveryItemInOrderOnItsOwnThreadAndFlushesOnClose() {
    List<String> threads = new CopyOnWriteArrayList<>();
    List<Integer> items = new CopyOnWriteArrayList<>();
    BackgroundWriter<Integer> writer = new BackgroundWriter<>("test-writer", 1_000, i -> {
      threads.add(Thread.currentThread().getName());
      items.add(i);
    });
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
    BackgroundWriter<Integer> writer = new BackgroundWriter<>("stalled-writer", 4, i -> {
      stuck.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      items.add(i);
    });
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
    BackgroundWriter<Integer> writer = new BackgroundWriter<>("flaky-writer", 100, i -> {
      if (i == 1) {
        throw new IllegalStateException("disk full");
      }
      items.add(i);
    });
    writer.offer(0);
    writer.offer(1);
    writer.offer(2);
    writer.close();
    assertThat(items).containsExactly(0, 2);
    assertThat(writer.dropped()).isEqualTo(1);
  }
}
