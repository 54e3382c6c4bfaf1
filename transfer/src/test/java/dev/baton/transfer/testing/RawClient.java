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
