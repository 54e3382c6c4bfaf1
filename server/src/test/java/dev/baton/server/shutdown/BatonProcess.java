package dev.baton.server.shutdown;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code baton serve} as a real JVM process started from the test's own classpath, the way a pod
 * runs it: its port read from what it prints, SIGTERM through {@link Process#destroy()} (which sends
 * TERM on Linux), its exit status and output kept for the assertions.
 */
final class BatonProcess implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("^baton: serving on port (\\d+)");

  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();

  private BatonProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "baton-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code baton serve --config config --port 0}; {@link #port()} waits until it serves. */
  static BatonProcess start(Path config) {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx160m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %5$s%6$s%n",
        "-cp", System.getProperty("java.class.path"), "dev.baton.server.cli.BatonCommand",
        "serve", "--config", config.toString(), "--port", "0", "--no-watch")
        .redirectErrorStream(true);
    try {
      return new BatonProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        output.add(line);
        Matcher m = SERVING.matcher(line);
        if (m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      // the process is gone
    }
    port.completeExceptionally(new IllegalStateException("baton exited: " + output));
  }

  /** The port it serves on, once it says so (within a minute). */
  int port() {
    try {
      return port.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("baton did not start: " + output, e);
    }
  }

  /** When the process ended ({@link System#nanoTime()}), once it has. */
  CompletableFuture<Long> exited() {
    return process.onExit().thenApply(p -> System.nanoTime());
  }

  /** Sends SIGTERM, as the kubelet does. */
  void terminate() {
    process.destroy();
  }

  /** Waits for the process to end and returns its exit status. */
  int exitStatus(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("baton still runs after " + seconds + " s: " + output);
    }
    return process.exitValue();
  }

  boolean alive() {
    return process.isAlive();
  }

  List<String> output() {
    return List.copyOf(output);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
