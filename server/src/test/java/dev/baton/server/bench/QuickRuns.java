package dev.baton.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Runs benchmark scripts' {@code --quick} modes in the background, two at a time, so that one
 * script's JVM start-ups and request latencies overlap another's (on a machine shared with other
 * work, two runs also get a larger share of its CPUs). A script queued to run alone has the machine
 * to itself (bench-proxy: its bare Vert.x proxy starved of CPU answers 502s). Each test awaits its
 * own script's run and judges it; every script runs at most once per test class.
 */
final class QuickRuns {

  /** What one script's run left behind. */
  record Run(String script, Path out, int exitStatus, boolean timedOut, Set<String> startedAlive,
      int started) {

    String log() {
      try {
        return Files.readString(out.resolve("script-output.log"));
      } catch (IOException e) {
        return "(no output: " + e + ")";
      }
    }
  }

  private static final int LANES = 2;

  private final Path root;
  private final Path jar;
  private final Path results;
  private final Duration limit;
  private final Map<String, CompletableFuture<Run>> runs = new ConcurrentHashMap<>();
  /** Shared by the scripts that run two at a time, exclusive for one that runs alone. */
  private final ReadWriteLock machine = new ReentrantReadWriteLock(true);
  private final ExecutorService lanes = Executors.newFixedThreadPool(LANES, task -> {
    Thread thread = new Thread(task, "quick-run");
    thread.setDaemon(true);
    return thread;
  });

  /** Scripts under ROOT/scripts, the packaged JAR, each run's folder under RESULTS. */
  QuickRuns(Path root, Path jar, Path results, Duration limit) {
    this.root = root;
    this.jar = jar;
    this.results = results;
    this.limit = limit;
  }

  /**
   * Queues SCRIPT --quick (once), without the environment variables named; scripts start in the
   * order they were queued, as a lane frees up.
   */
  CompletableFuture<Run> start(String script, String... unset) {
    return queue(script, machine.readLock(), unset);
  }

  /** Queues SCRIPT --quick (once) to run with no other script beside it. */
  CompletableFuture<Run> startAlone(String script, String... unset) {
    return queue(script, machine.writeLock(), unset);
  }

  private CompletableFuture<Run> queue(String script, Lock lock, String... unset) {
    return runs.computeIfAbsent(script, name -> CompletableFuture.supplyAsync(() -> {
      lock.lock();
      try {
        return run(name, unset);
      } finally {
        lock.unlock();
      }
    }, lanes));
  }

  /** Waits for every queued run (each is bounded by the limit), then lets the lanes go. */
  void awaitAll() {
    runs.values().forEach(CompletableFuture::join);
    lanes.shutdown();
  }

  private Run run(String script, String... unset) {
    try {
      Path out = Files.createDirectories(results.resolve(script));
      ProcessBuilder builder = new ProcessBuilder(
          root.resolve("scripts").resolve(script).toString(), "--quick", "--out", out.toString())
          .redirectErrorStream(true)
          .redirectOutput(out.resolve("script-output.log").toFile());
      builder.environment().put("BATON_JAR", jar.toString());
      List.of(unset).forEach(builder.environment()::remove);

      Process process = builder.start();
      // Remember every process the script starts, to check afterwards that none outlives it.
      Set<ProcessHandle> started = new HashSet<>();
      long deadline = System.nanoTime() + limit.toNanos();
      boolean timedOut = false;
      while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(started::add);
        if (System.nanoTime() > deadline) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly().waitFor();
          timedOut = true;
          break;
        }
      }
      return new Run(script, out, process.exitValue(), timedOut, aliveAfterwards(started),
          started.size());
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  private static Set<String> aliveAfterwards(Set<ProcessHandle> processes)
      throws InterruptedException {
    // The script's exit trap has already stopped them; allow the kernel a moment to reap.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    Set<String> alive = new HashSet<>();
    processes.stream().filter(ProcessHandle::isAlive)
        .forEach(p -> alive.add(p.pid() + " " + p.info().commandLine().orElse("")));
    return alive;
  }
}
