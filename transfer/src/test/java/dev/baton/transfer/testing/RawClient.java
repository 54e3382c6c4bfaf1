package dev.baton.transfer.testing;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 client on a bare socket, for tests that must control exactly when a client reads or
 * hangs up (client-abort and backpressure tests).
 */
public final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

  private RawClient(Socket socket) {
    this.socket = socket;
  }

  /** Opens a connection and sends one JSON POST. */
  public static RawClient post(int port, String path, String json) throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(30_000);
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(("POST " + path + " HTTP/1.1\r\nHost: baton\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return new RawClient(socket);
  }

  /**
   * Opens a connection and sends {@code head} exactly as given (request line and headers, each line
   * ending in CRLF, without the blank line), then the blank line and {@code body}.
   */
  public static RawClient send(int port, String head, String body) throws Exception {
    return sendFrom(null, port, head, body);
  }

  /** Like {@link #send}, from a chosen local address (e.g. 127.0.0.2: another client host). */
  public static RawClient sendFrom(java.net.InetAddress local, int port, String head, String body)
      throws Exception {
    Socket socket = new Socket();
    if (local != null) {
      socket.bind(new InetSocketAddress(local, 0));
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(30_000);
    RawClient client = new RawClient(socket);
    client.sendAgain(head, body);
    return client;
  }

  /** Sends another request on this connection, written as {@link #send} writes the first. */
  public void sendAgain(String head, String body) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(body.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * Whether the server closed the connection after what was read so far: true on end of stream or
   * a reset, false when nothing arrives within 10 s (the connection is still open).
   */
  public boolean closedByPeer() throws Exception {
    socket.setSoTimeout(10_000);
    try {
      int next = socket.getInputStream().read();
      if (next >= 0) {
        throw new AssertionError("unexpected bytes after the response: " + (char) next);
      }
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  /** One whole response with a {@code Content-Length} body: status line, headers, body. */
  public record Response(int status, String head, String body) {
    /** The value of the first header named {@code name} (any case), or null. */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** Reads one response whose body has a {@code Content-Length} (every error Baton sends has). */
  public Response readResponse() throws Exception {
    String text = readUntil("\r\n\r\n");
    int end = text.indexOf("\r\n\r\n");
    String head = text.substring(0, end);
    Response partial = new Response(Integer.parseInt(head.split(" ")[1]), head, "");
    String length = partial.header("content-length");
    int bodyStart = end + 4;
    int want = length == null ? 0 : Integer.parseInt(length);
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[4096];
    while (seen.size() - bodyStart < want) {
      int n = in.read(buf);
      if (n < 0) {
        throw new AssertionError("connection closed inside the body: " + seen);
      }
      seen.write(buf, 0, n);
    }
    byte[] all = seen.toByteArray();
    String body = new String(all, bodyStart, want, StandardCharsets.UTF_8);
    seen.reset();
    seen.write(all, bodyStart + want, all.length - bodyStart - want);
    return new Response(partial.status(), head, body);
  }

  /** Reads until the text received so far contains {@code marker}. */
  public String readUntil(String marker) throws Exception {
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[4096];
    while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
      int n = in.read(buf);
      if (n < 0) {
        throw new AssertionError("connection closed before " + marker + ": " + seen);
      }
      seen.write(buf, 0, n);
    }
    return seen.toString(StandardCharsets.UTF_8);
  }

  /** Hangs up. */
  @Override
  public void close() throws Exception {
    socket.close();
  }
}
