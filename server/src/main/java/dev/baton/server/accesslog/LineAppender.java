package dev.baton.server.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Lines gathered in one reused buffer and written in batches, to a stream (the access log's
 * standard output) or to a file rotated by size (the trace): when the buffer passes
 * {@link #BATCH_BYTES}, and when the writer thread has emptied its queue ({@link #flush()}).
 * Hundreds of lines then cost one {@code write} call instead of one each, and lines reach the output
 * whole, never split between two writes unless one line is larger than a batch. Lines lost to a
 * failing output are counted in {@link #lost()}, for the owner's dropped-lines metric.
 *
 * <p>A file is opened on the first line, its folder created, and appended to, so a restart goes on
 * with it; after a failure the next line opens it again. When a line would take it past
 * {@code maxBytes}, {@code path} becomes {@code path.1}, {@code path.1} becomes {@code path.2}, and
 * so on up to {@code path.<maxFiles - 1>}, whose old content is deleted; the line starts the new
 * {@code path}.
 *
 * <p>Blocking, and used by one {@link BackgroundWriter}'s thread only.
 */
public final class LineAppender<T> implements BackgroundWriter.Sink<T>, AutoCloseable {
  /** Bytes gathered before a write: about a hundred access lines. */
  static final int BATCH_BYTES = 64 * 1024;

  private final BiConsumer<T, JsonLineBuffer> format;
  private final JsonLineBuffer buffer = new JsonLineBuffer(BATCH_BYTES + 4096);
  private final AtomicLong lost = new AtomicLong();
  /** The rotated file, or null for a stream the caller owns. */
  private final Path path;
  private final long maxBytes;
  private final int maxFiles;
  private OutputStream out;
  /** Bytes the current file holds, those still in the buffer not counted. */
  private long fileBytes;
  private int pendingLines;

  private LineAppender(BiConsumer<T, JsonLineBuffer> format, OutputStream out, Path path,
      long maxBytes, int maxFiles) {
    this.format = format;
    this.out = out;
    this.path = path;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
  }

  /** Lines that {@code format} writes into the buffer (without the line break), to {@code out}. */
  static <T> LineAppender<T> toStream(OutputStream out, BiConsumer<T, JsonLineBuffer> format) {
    return new LineAppender<>(format, out, null, Long.MAX_VALUE, 0);
  }

  /**
   * {@code line}'s text of each item, to {@code path} rotated at {@code maxBytes}, keeping
   * {@code maxFiles} files in all.
   */
  public static <T> LineAppender<T> toFile(Path path, long maxBytes, int maxFiles,
      Function<T, String> line) {
    return new LineAppender<>((item, buffer) -> buffer.utf8(line.apply(item)), null, path,
        maxBytes, maxFiles);
  }

  @Override
  public void write(T item) {
    int start = buffer.size();
    format.accept(item, buffer);
    buffer.raw('\n');
    pendingLines++;
    try {
      if (path != null) {
        if (out == null) {
          open();
        }
        if (fileBytes + buffer.size() > maxBytes && fileBytes + start > 0) {
          // The lines before this one end the current file; this one starts the next.
          buffer.writeHeadTo(out, start);
          pendingLines = 1;
          rotate();
        }
      }
      if (buffer.size() >= BATCH_BYTES) {
        writeBatch();
      }
    } catch (IOException e) {
      fail();
    }
  }

  @Override
  public void flush() {
    try {
      writeBatch();
      if (out != null) {
        out.flush();
      }
    } catch (IOException e) {
      fail();
    }
  }

  /** Lines that could not be written because the output failed. */
  public long lost() {
    return lost.get();
  }

  /** Closes the file (a stream stays open: its owner closes it). Call after the last flush. */
  @Override
  public void close() {
    if (path != null) {
      closeQuietly();
    }
  }

  private void writeBatch() throws IOException {
    if (buffer.size() > 0) {
      buffer.writeTo(out);
      fileBytes += buffer.size();
    }
    buffer.clear();
    pendingLines = 0;
  }

  private void fail() {
    lost.addAndGet(pendingLines);
    buffer.clear();
    pendingLines = 0;
    if (path != null) {
      closeQuietly();
    }
  }

  private void open() throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    fileBytes = Files.size(path);
  }

  private void rotate() throws IOException {
    out.close();
    out = null;
    Files.deleteIfExists(numbered(maxFiles - 1));
    for (int i = maxFiles - 2; i >= 1; i--) {
      if (Files.exists(numbered(i))) {
        Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (maxFiles > 1) {
      Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.delete(path);
    }
    open();
  }

  private Path numbered(int i) {
    return path.resolveSibling(path.getFileName() + "." + i);
  }

  private void closeQuietly() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException ignored) {
      // Already failing, or closing: the next line opens the file again.
    }
    out = null;
  }
}
