package dev.baton.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.server.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The default destination: JSON lines written to a stream by the writer thread, in batches. */
class AccessLogStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Logger jul = Logger.getLogger(AccessLog.LOGGER_NAME);
  private Level before;

  @BeforeEach
  void loggerOn() {
    before = jul.getLevel();
    jul.setLevel(Level.INFO);
  }

  @AfterEach
  void loggerBack() {
    jul.setLevel(before);
  }

  @Test
  void linesArriveWholeWithoutCloseAndTheRestOnClose() throws Exception {
    Recording out = new Recording();
    try (AccessLog log = AccessLog.toLogger(out)) {
      log.write(AccessLogTest.entry());
      // Flushed once the writer has emptied its queue, not only at close.
      Await.until("the first line written", () -> out.text().endsWith("\n"));
      assertThat(out.text()).isEqualTo(AccessLog.toJson(AccessLogTest.entry()) + "\n");
      for (int i = 0; i < 300; i++) {
        log.write(AccessLogTest.entry());
      }
    }
    List<String> lines = out.text().lines().toList();
    assertThat(lines).hasSize(301);
    for (String line : lines) {
      assertThat(JSON.readTree(line).get("request_id").asText()).isEqualTo("req-1");
    }
  }

  @Test
  void linesQueuedWhileTheStreamIsSlowAreWrittenInFewBatches() throws Exception {
    Recording out = new Recording();
    CountDownLatch release = new CountDownLatch(1);
    out.gate = release;
    int lines = 3_000;
    try (AccessLog log = AccessLog.toLogger(out)) {
      log.write(AccessLogTest.entry());
      // The writer is now stuck in its first write, like a blocked disk; the rest queue up.
      Await.until("the writer in its first write", () -> out.writes.get() == 1);
      for (int i = 1; i < lines; i++) {
        log.write(AccessLogTest.entry());
      }
      release.countDown();
    }
    int bytes = out.text().length();
    assertThat(out.text().lines().count()).isEqualTo(lines);
    // One write for the first line, then one per 64 KB batch (plus the last partial one).
    assertThat(out.writes.get()).isLessThanOrEqualTo(2 + bytes / LineAppender.BATCH_BYTES + 1);
  }

  @Test
  void linesGoToTheLoggersOwnHandlersInsteadWhenItHasSome() throws Exception {
    Recording out = new Recording();
    List<String> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        records.add(record.getLevel() + " " + record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    boolean parents = jul.getUseParentHandlers();
    jul.setUseParentHandlers(false);
    jul.addHandler(handler);
    try (AccessLog log = AccessLog.toLogger(out)) {
      log.write(AccessLogTest.entry());
    } finally {
      jul.removeHandler(handler);
      jul.setUseParentHandlers(parents);
    }
    assertThat(records).containsExactly("INFO " + AccessLog.toJson(AccessLogTest.entry()));
    assertThat(out.text()).isEmpty();
  }

  @Test
  void linesAFailingStreamLosesAreCountedAsDropped() {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("disk full");
      }
    };
    AccessLog log = AccessLog.toLogger(broken);
    for (int i = 0; i < 5; i++) {
      log.write(AccessLogTest.entry());
    }
    log.close();
    assertThat(log.dropped()).isEqualTo(5);
  }

  /** Records what is written and how many write calls it took; the first write may wait on a gate. */
  private static final class Recording extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicInteger writes = new AtomicInteger();
    volatile CountDownLatch gate;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (writes.incrementAndGet() == 1 && gate != null) {
        try {
          gate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      synchronized (bytes) {
        bytes.write(b, off, len);
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
