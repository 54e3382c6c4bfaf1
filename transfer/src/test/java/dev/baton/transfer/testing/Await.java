package dev.baton.transfer.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a generous bound passes; never a blind sleep. */
public class Await {

  /** Static helpers; the server's tests extend it to keep their own import. */
  protected Await() {}

  public static void until(String what, BooleanSupplier condition) {
    until(what, condition, Duration.ofSeconds(20));
  }

  public static void until(String what, BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }

  public static <T> T get(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // A future that never completes is a hang somewhere (rare, so far only on CI machines):
      // the threads' stacks, kept in the test report, say where.
      System.err.println("Await.get: no result after 30 s; every thread's stack follows");
      Thread.getAllStackTraces().forEach((thread, stack) -> {
        System.err.println("\"" + thread.getName() + "\" " + thread.getState());
        for (StackTraceElement frame : stack) {
          System.err.println("    at " + frame);
        }
      });
      printSockets();
      throw new AssertionError(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The machine's TCP sockets with their queues ({@code ss -tnoi}), when {@code ss} is there: bytes
   * waiting in a receive queue that nobody reads tell a missed read from an answer never sent.
   */
  private static void printSockets() {
    try {
      Process ss = new ProcessBuilder("ss", "-tnoi").redirectErrorStream(true).start();
      String out = new String(ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      ss.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      System.err.println("Await.get: TCP sockets (ss -tnoi)\n" + out);
    } catch (java.io.IOException e) {
      System.err.println("Await.get: no socket list: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
