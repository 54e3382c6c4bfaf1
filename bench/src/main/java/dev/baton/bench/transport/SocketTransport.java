package dev.baton.bench.transport;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import java.util.Locale;

/**
 * The socket transport of a Baton process, chosen with {@code -Dbaton.transport}:
 * <ul>
 *   <li>{@code epoll} (the default): Linux's epoll through Netty's native library, which the jar
 *       carries. Fewer copies and system calls per socket operation than Java NIO, which a proxy on
 *       the path of every token pays for many times per request.
 *   <li>{@code io_uring}: Linux's io_uring (kernel 5.14 or later, and allowed by the container's
 *       seccomp profile): reads and writes are queued to the kernel in batches instead of one system
 *       call each.
 *   <li>{@code nio}: Java NIO, to compare or to rule the native transports out.
 * </ul>
 * Where the chosen native transport cannot load (another OS or CPU, an old kernel, io_uring
 * forbidden), the process says why on standard error and runs on NIO.
 * {@code -Dbaton.nativeTransport=false} still means {@code nio}.
 *
 * <p>Here rather than in the server module so that the bench's floor proxy
 * ({@code bench.floor.FloorProxyMain}) runs on exactly the transport Baton would.
 */
public final class SocketTransport {
  private SocketTransport() {}

  /** A Vert.x instance on {@link #chosen}; {@code process} names it in messages. */
  public static Vertx vertx(String process) {
    return Vertx.builder().with(new VertxOptions()).withTransport(chosen(process)).build();
  }

  /** The transport the system properties choose, or NIO where that one cannot load. */
  public static Transport chosen(String process) {
    String name = chosenName();
    Transport transport = switch (name) {
      case "io_uring" -> Transport.IO_URING;
      case "nio" -> Transport.NIO;
      case "epoll" -> Transport.EPOLL;
      default -> {
        System.err.println(process + ": unknown transport -Dbaton.transport=" + name
            + " (known: epoll, io_uring, nio); using epoll");
        yield Transport.EPOLL;
      }
    };
    if (transport != Transport.NIO && !transport.available()) {
      System.err.println(process + ": " + transport.name()
          + " transport unavailable, using Java NIO (" + transport.unavailabilityCause() + ")");
      transport = Transport.NIO;
    }
    return transport;
  }

  private static String chosenName() {
    if (!Boolean.parseBoolean(System.getProperty("baton.nativeTransport", "true"))) {
      return "nio";
    }
    return System.getProperty("baton.transport", "epoll").trim().toLowerCase(Locale.ROOT);
  }
}
