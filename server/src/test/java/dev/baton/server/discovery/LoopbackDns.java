package dev.baton.server.discovery;

import dev.baton.server.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on loopback UDP for tests, answering A (type 1) and AAAA (type 28) questions from a
 * table the test edits; a name not in the table gets NXDOMAIN. Only what a stub resolver asks is
 * understood: one question, no compression in it.
 */
final class LoopbackDns implements AutoCloseable {
  private static final int A = 1;
  private static final int AAAA = 28;

  private final DatagramSocket socket;
  private final Map<String, List<String>> records = new ConcurrentHashMap<>();
  final AtomicInteger queries = new AtomicInteger();
  /** True: questions are counted but never answered (a DNS server that went quiet). */
  volatile boolean mute;

  private LoopbackDns(DatagramSocket socket) {
    this.socket = socket;
  }

  static LoopbackDns start(Vertx vertx) {
    DatagramSocket socket = vertx.createDatagramSocket();
    LoopbackDns dns = new LoopbackDns(socket);
    socket.handler(dns::answer);
    Await.get(socket.listen(0, "127.0.0.1"));
    return dns;
  }

  /** Serves {@code addresses} (IPv4 and IPv6 literals) for {@code name}; none at all: NXDOMAIN. */
  void set(String name, List<String> addresses) {
    records.put(name.toLowerCase(), List.copyOf(addresses));
  }

  void remove(String name) {
    records.remove(name.toLowerCase());
  }

  String hostPort() {
    return "127.0.0.1:" + socket.localAddress().port();
  }

  private void answer(DatagramPacket packet) {
    queries.incrementAndGet();
    if (mute) {
      return;
    }
    Buffer q = packet.data();
    int pos = 12;
    StringBuilder name = new StringBuilder();
    for (int len = q.getUnsignedByte(pos); len > 0; len = q.getUnsignedByte(pos)) {
      name.append(name.isEmpty() ? "" : ".").append(q.getString(pos + 1, pos + 1 + len));
      pos += 1 + len;
    }
    int questionEnd = pos + 5;
    int type = q.getUnsignedShort(pos + 1);
    List<String> known = records.get(name.toString().toLowerCase());
    List<byte[]> rdata = known == null ? List.of() : known.stream().map(LoopbackDns::bytes)
        .filter(b -> b.length == (type == A ? 4 : type == AAAA ? 16 : -1)).toList();
    Buffer reply = Buffer.buffer()
        .appendShort(q.getShort(0))
        .appendUnsignedShort(known == null ? 0x8183 : 0x8180)
        .appendUnsignedShort(1).appendUnsignedShort(rdata.size())
        .appendUnsignedShort(0).appendUnsignedShort(0)
        .appendBuffer(q.getBuffer(12, questionEnd));
    for (byte[] address : rdata) {
      reply.appendUnsignedShort(0xC00C).appendUnsignedShort(type).appendUnsignedShort(1)
          .appendInt(0).appendUnsignedShort(address.length).appendBytes(address);
    }
    socket.send(reply, packet.sender().port(), packet.sender().host());
  }

  private static byte[] bytes(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  @Override
  public void close() {
    Await.get(socket.close());
  }
}
