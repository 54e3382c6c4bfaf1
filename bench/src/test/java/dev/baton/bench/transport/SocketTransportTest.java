package dev.baton.bench.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport {@code -Dbaton.transport} chooses is the one the process's sockets run on. */
class SocketTransportTest {

  @AfterEach
  void clear() {
    System.clearProperty("baton.transport");
    System.clearProperty("baton.nativeTransport");
  }

  @Test
  void epollByDefaultWhereLinuxHasIt() {
    assumeTrue(Transport.EPOLL.available(), "epoll is not available here");
    assertTransport("epoll", null);
  }

  @Test
  void ioUringWhenChosenAndAllowed() {
    assumeTrue(Transport.IO_URING.available(), "io_uring is not available here");
    assertTransport("io_uring", "io_uring");
  }

  @Test
  void nioWhenChosenOrWhenNativeTransportIsTurnedOff() {
    assertTransport("nio", "nio");
    System.setProperty("baton.nativeTransport", "false");
    assertTransport("nio", "io_uring");
  }

  private static void assertTransport(String expected, String chosen) {
    if (chosen != null) {
      System.setProperty("baton.transport", chosen);
    }
    Vertx vertx = SocketTransport.vertx("test");
    try {
      if (expected.equals("nio")) {
        assertFalse(vertx.isNativeTransportEnabled());
      } else {
        assertTrue(vertx.isNativeTransportEnabled());
        assertEquals(expected, transportName(vertx));
      }
    } finally {
      vertx.close().await();
    }
  }

  /** The name Vert.x's internal transport reports (its class: EpollTransport, IoUringTransport). */
  private static String transportName(Vertx vertx) {
    String type = ((io.vertx.core.internal.VertxInternal) vertx).transport().getClass().getSimpleName();
    return type.startsWith("IoUring") ? "io_uring" : type.replace("Transport", "").toLowerCase();
  }
}
