package dev.baton.server.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A vLLM P2P-NCCL instance as its proxy sees it: a DEALER whose identity is its ZMQ address,
 * sending the msgpack registration {@code {"type", "http_address", "zmq_address"}} when told.
 */
final class RegisteringInstance implements AutoCloseable {
  private final ZContext context = new ZContext();
  private final ZMQ.Socket dealer;
  private final byte[] registration;

  RegisteringInstance(int proxyPort, String type, String httpAddress, String zmqAddress) {
    dealer = context.createSocket(SocketType.DEALER);
    dealer.setLinger(0);
    dealer.setIdentity(zmqAddress.getBytes(StandardCharsets.UTF_8));
    dealer.connect("tcp://127.0.0.1:" + proxyPort);
    registration = pack(type, httpAddress, zmqAddress);
  }

  /** Sends one registration (the engine sends one every 3 s). */
  void register() {
    dealer.send(registration);
  }

  /** Sends raw bytes instead of a registration. */
  void sendRaw(byte[] payload) {
    dealer.send(payload);
  }

  static byte[] pack(String type, String httpAddress, String zmqAddress) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packMapHeader(3);
      packer.packString("type").packString(type);
      packer.packString("http_address").packString(httpAddress);
      packer.packString("zmq_address").packString(zmqAddress);
      return packer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
