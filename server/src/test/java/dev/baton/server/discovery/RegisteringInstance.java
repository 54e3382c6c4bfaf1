package dev.baton.server.discovery;

import dev.baton.sim.handoff.P2pNcclRegistrar;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A vLLM P2P-NCCL instance as its proxy sees it: the simulator's DEALER ({@link
 * P2pNcclRegistrar#dealer}, its identity its ZMQ address) sending the simulator's msgpack
 * registration ({@link P2pNcclRegistrar#pack}) when told, not on a timer of its own.
 */
final class RegisteringInstance implements AutoCloseable {
  private final ZContext context = new ZContext();
  private final ZMQ.Socket dealer;
  private final byte[] registration;

  RegisteringInstance(int proxyPort, String type, String httpAddress, String zmqAddress) {
    dealer = P2pNcclRegistrar.dealer(context, "127.0.0.1:" + proxyPort, zmqAddress);
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
    return P2pNcclRegistrar.pack(type, httpAddress, zmqAddress);
  }

  @Override
  public void close() {
    context.close();
  }
}
