package dev.baton.server.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Access lines into one reused buffer, written to a stream (standard output in production) in
 * batches: when the buffer passes {@link #BATCH_BYTES}, and when the writer thread has emptied its
 * queue ({@link #flush()}). Hundreds of lines then cost one {@code write} call instead of one each,
 * and the lines reach the stream whole, never split between two writes unless a single line is
 * larger than the batch. Lines lost to a failing stream are counted in {@link #lost()}.
 *
 * <p>Used by the writer thread only.
 */
final class StreamLines implements BackgroundWriter.Sink<AccessLogEntry> {
  /** Bytes gathered before a write: about a hundred lines. */
  static final int BATCH_BYTES = 64 * 1024;

  private final OutputStream out;
  private final AccessLineFormat format = new AccessLineFormat();
  private final JsonLineBuffer buffer = new JsonLineBuffer(BATCH_BYTES + 4096);
  private final AtomicLong lost = new AtomicLong();
  private int pendingLines;

  StreamLines(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(AccessLogEntry entry) {
    format.append(entry, buffer);
    buffer.raw('\n');
    pendingLines++;
    if (buffer.size() >= BATCH_BYTES) {
      writeOut(false);
    }
  }

  @Override
  public void flush() {
    writeOut(true);
  }

  /** Lines that could not be written because the stream failed. */
  long lost() {
    return lost.get();
  }

  private void writeOut(boolean flushStream) {
    try {
      if (buffer.size() > 0) {
        buffer.writeTo(out);
      }
      if (flushStream) {
        out.flush();
      }
    } catch (IOException e) {
      lost.addAndGet(pendingLines);
    } finally {
      buffer.clear();
      pendingLines = 0;
    }
  }
}
