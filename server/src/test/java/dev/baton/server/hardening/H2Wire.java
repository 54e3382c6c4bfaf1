package dev.baton.server.hardening;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile cleartext HTTP/2 client on a bare socket: it writes frames exactly as told (HPACK by
 * Netty's encoder, the frame layout by hand), never acknowledges the server's SETTINGS and never
 * grants window unless told, and a reader thread tallies what the server sends back.
 */
final class H2Wire implements AutoCloseable {
  static final int HEADERS = 0x1;
  static final int DATA = 0x0;
  static final int RST_STREAM = 0x3;
  static final int SETTINGS = 0x4;
  static final int GOAWAY = 0x7;
  static final int WINDOW_UPDATE = 0x8;
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final OutputStream out;
  private final DefaultHttp2HeadersEncoder hpack = new DefaultHttp2HeadersEncoder();
  private final Thread reader;
  /** Writers hold this, the reader holds {@code this}: a writer blocked on a full socket never
   *  stops the reader from seeing the server's answers. */
  private final Object writeLock = new Object();
  /** Streams the server reset. */
  final BitSet reset = new BitSet();
  /** Streams whose response the server ended (END_STREAM on HEADERS or DATA). */
  final BitSet answered = new BitSet();
  final AtomicInteger resets = new AtomicInteger();
  final AtomicInteger dataBytes = new AtomicInteger();
  volatile int goAwayLastStream = -1;
  final java.util.List<Integer> goAwayErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
  volatile boolean closedByServer;
  private boolean closedByClient;

  private H2Wire(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.reader = Thread.ofPlatform().daemon().start(this::read);
  }

  /**
   * Connects, sends the preface and SETTINGS ({@code initialWindow} per stream; negative leaves
   * the default), and never acknowledges the server's SETTINGS.
   */
  static H2Wire open(int port, int initialWindow) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setTcpNoDelay(true);
    H2Wire wire = new H2Wire(socket);
    synchronized (wire.writeLock) {
      wire.out.write(PREFACE);
      ByteBuf settings = Unpooled.buffer();
      if (initialWindow >= 0) {
        settings.writeShort(0x4).writeInt(initialWindow);
      }
      wire.frame(SETTINGS, 0, 0, settings);
      wire.out.flush();
    }
    return wire;
  }

  /** A request's HEADERS; {@code endStream} false leaves its body to come. */
  void headers(int streamId, String method, String path, String authorization,
      boolean endStream) throws IOException {
    Http2Headers h = new DefaultHttp2Headers().method(method).path(path).scheme("http")
        .authority("baton");
    h.add("content-type", "application/json");
    if (authorization != null) {
      h.add("authorization", authorization);
    }
    synchronized (writeLock) {
      ByteBuf block = Unpooled.buffer();
      try {
        hpack.encodeHeaders(streamId, h, block);
      } catch (Exception e) {
        throw new IOException(e);
      }
      frame(HEADERS, endStream ? 0x5 : 0x4, streamId, block);
    }
  }

  void data(int streamId, byte[] bytes, boolean endStream) throws IOException {
    synchronized (writeLock) {
      frame(DATA, endStream ? 0x1 : 0, streamId, Unpooled.wrappedBuffer(bytes));
    }
  }

  void rst(int streamId) throws IOException {
    synchronized (writeLock) {
      frame(RST_STREAM, 0, streamId, Unpooled.buffer(4).writeInt(0x8));
    }
  }

  void flush() throws IOException {
    synchronized (writeLock) {
      out.flush();
    }
  }

  private void frame(int type, int flags, int streamId, ByteBuf payload) throws IOException {
    int length = payload.readableBytes();
    byte[] head = {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type,
        (byte) flags, (byte) (streamId >>> 24), (byte) (streamId >>> 16), (byte) (streamId >>> 8),
        (byte) streamId};
    out.write(head);
    byte[] body = new byte[length];
    payload.readBytes(body);
    out.write(body);
  }

  /** Whether the server ended every one of {@code count} streams from 1 (odd ids) somehow. */
  synchronized boolean everyStreamEnded(int count) {
    if (closedByServer) {
      return true;
    }
    for (int i = 0; i < count; i++) {
      int id = 1 + 2 * i;
      boolean refused = goAwayLastStream >= 0 && id > goAwayLastStream;
      if (!reset.get(id) && !answered.get(id) && !refused) {
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized String toString() {
    return "port=%d resets=%d answered=%d goAway=%d %s closedByServer=%s".formatted(socket.getLocalPort(), resets.get(),
        answered.cardinality(), goAwayLastStream, goAwayErrors, closedByServer)
;
  }

  private void read() {
    try {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] head = new byte[9];
      while (true) {
        in.readFully(head);
        int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
        int type = head[3];
        int flags = head[4];
        int stream = ((head[5] & 0x7f) << 24) | (head[6] & 0xff) << 16 | (head[7] & 0xff) << 8
            | head[8] & 0xff;
        byte[] payload = in.readNBytes(length);
        synchronized (this) {
          switch (type) {
            case RST_STREAM -> {
              reset.set(stream);
              resets.incrementAndGet();
            }
            case GOAWAY -> {
              goAwayLastStream = ((payload[0] & 0x7f) << 24)
                  | (payload[1] & 0xff) << 16 | (payload[2] & 0xff) << 8 | payload[3] & 0xff;
              goAwayErrors.add(payload[7] & 0xff);
            }
            case HEADERS, DATA -> {
              if (type == DATA) {
                dataBytes.addAndGet(length);
              }
              if ((flags & 0x1) != 0) {
                answered.set(stream);
              }
            }
            default -> { }
          }
        }
      }
    } catch (IOException e) {
      synchronized (this) {
        closedByServer = !closedByClient;
      }
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      closedByClient = true;
    }
    socket.close();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
