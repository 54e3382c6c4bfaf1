package dev.baton.transfer.upstream;

import io.vertx.core.MultiMap;
import java.util.Map;
import java.util.Set;

/**
 * The headers of a worker's answer that reach the client: end-to-end headers ({@link HopByHop})
 * minus those that name the worker's software ({@code Server: uvicorn}, {@code X-Powered-By}),
 * which tell a client what runs behind Baton and nothing it needs.
 */
public final class RelayedHeaders {
  private static final HeaderNameSet WORKER_IDENTITY = new HeaderNameSet(
      Set.of("server", "x-powered-by", "x-aspnet-version", "x-runtime", "x-served-by"));

  private RelayedHeaders() {}

  /**
   * What the relay needs of an answer's framing, noted in the same pass that copies its headers
   * (each lookup by name in a worker's answer hashes the name again).
   *
   * @param contentType the answer's {@code Content-Type}, or null
   * @param contentLength the answer's {@code Content-Length}, or null (it is not relayed as such)
   */
  public record Framing(String contentType, String contentLength) {}

  /**
   * Adds the worker's headers that reach the client to {@code into}, the client's response's, in
   * one pass over them (not removed from a copy afterwards); {@code into} holds none of the names a
   * {@code Connection} header could remove ({@link HopByHop#copyEndToEnd}).
   */
  public static Framing copy(MultiMap workerHeaders, MultiMap into) {
    String connection = null;
    String contentType = null;
    String contentLength = null;
    for (Map.Entry<String, String> header : workerHeaders) {
      String name = header.getKey();
      if (HopByHop.isHopByHop(name)) {
        if (HopByHop.isConnection(name)) {
          connection = HopByHop.joined(connection, header.getValue());
        } else if (contentLength == null && name.equalsIgnoreCase("content-length")) {
          contentLength = header.getValue();
        }
      } else if (!name.startsWith(":") && !WORKER_IDENTITY.contains(name)) {
        if (contentType == null && name.equalsIgnoreCase("content-type")) {
          contentType = header.getValue();
        }
        into.add(name, header.getValue());
      }
    }
    HopByHop.removeNamedBy(connection, into);
    return new Framing(contentType, contentLength);
  }
}
