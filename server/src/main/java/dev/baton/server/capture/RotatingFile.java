package dev.baton.server.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Appends lines to a file and rotates it by size: when a line would take the file past
 * {@code maxBytes}, {@code path} becomes {@code path.1}, {@code path.1} becomes {@code path.2}, and
 * so on; the file that would become {@code path.<maxFiles>} is deleted. Buffered: lines reach the
 * file at {@link #flush()}, rotation or close. Blocking: only the trace sink's writer thread calls
 * it.
 */
final class RotatingFile implements AutoCloseable {

  private final Path path;
  private final long maxBytes;
  private final int maxFiles;
  private OutputStream out;
  private long size;

  RotatingFile(Path path, long maxBytes, int maxFiles) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
  }

  /** Appends {@code line} and a line break, rotating first if it would not fit. */
  void append(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (out == null) {
        open();
      }
      if (size > 0 && size + bytes.length > maxBytes) {
        rotate();
      }
      out.write(bytes);
      size += bytes.length;
    } catch (IOException e) {
      closeQuietly();
      throw new IllegalStateException("cannot write the trace file " + path + ": " + e, e);
    }
  }

  /** Hands what is buffered to the file: the writer calls it whenever its queue is empty. */
  void flush() {
    try {
      if (out != null) {
        out.flush();
      }
    } catch (IOException e) {
      closeQuietly();
      throw new IllegalStateException("cannot write the trace file " + path + ": " + e, e);
    }
  }

  private void open() throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    out = new BufferedOutputStream(
        Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 65_536);
    size = Files.size(path);
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
      // Already failing; the next line opens the file again.
    }
    out = null;
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
