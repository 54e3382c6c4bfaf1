package dev.baton.server.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw HTTP/1.1 client socket that writes exactly the bytes it is given, when it is told. */
final class H1Socket implements AutoCloseable {
  private final Socket socket;
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
  private boolean closedByServer;

  H1Socket(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
  }

  H1Socket send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  H1Socket send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /** A request head with a JSON body of {@code length} bytes announced, none sent. */
  static String postHead(String path, long length, String key) {
    return "POST " + path + " HTTP/1.1\r\nHost: baton\r\nContent-Type: application/json\r\n"
        + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
        + "Content-Length: " + length + "\r\n\r\n";
  }

  /**
   * Reads for at most {@code millis}: returns what arrived; {@link #closedByServer()} tells whether
   * the server closed the connection meanwhile.
   */
  String readFor(long millis) throws IOException {
    return readUntil(null, millis);
  }

  /** Like {@link #readFor}, but stops early once what arrived contains {@code marker}. */
  String readUntil(String marker, long millis) throws IOException {
    long deadline = System.currentTimeMillis() + millis;
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    while (!closedByServer && (marker == null || !seen().contains(marker))) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      socket.setSoTimeout((int) Math.max(1, left));
      try {
        int n = in.read(buf);
        if (n < 0) {
          closedByServer = true;
        } else {
          seen.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        break;
      } catch (IOException e) {
        closedByServer = true; // reset by the server
      }
    }
    return seen.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads until the server closes the connection or {@code millis} pass; true when it closed. */
  boolean closedWithin(long millis) throws IOException {
    long deadline = System.currentTimeMillis() + millis;
    while (!closedByServer && System.currentTimeMillis() < deadline) {
      readFor(deadline - System.currentTimeMillis());
    }
    return closedByServer;
  }

  boolean closedByServer() {
    return closedByServer;
  }

  String seen() {
    return seen.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
