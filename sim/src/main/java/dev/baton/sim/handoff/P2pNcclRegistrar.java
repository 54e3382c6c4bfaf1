package dev.baton.sim.handoff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A simulated worker registering with a P2P-NCCL proxy as vLLM's {@code P2pNcclConnector} does
 * ({@code p2p_nccl_engine.py} {@code ping}): a DEALER whose identity is the instance's ZMQ address
 * sends the msgpack map {@code {"type": "P"|"D", "http_address", "zmq_address"}} every interval (3 s
 * in vLLM), on a daemon thread of its own. The simulator's ZMQ address is its KV side channel, where
 * its decode peers take the KV.
 */
public final class P2pNcclRegistrar implements AutoCloseable {
  private final ZContext context = new ZContext();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param proxy the proxy's registration address, {@code host:port}
   * @param type {@code P} (a {@code kv_producer}) or {@code D} (a {@code kv_consumer})
   */
  public P2pNcclRegistrar(String proxy, String type, String httpAddress, String zmqAddress,
      Duration every) {
    if (!"P".equals(type) && !"D".equals(type)) {
      throw new IllegalArgumentException("type must be P or D, got " + type);
    }
    ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
    dealer.setLinger(0);
    dealer.setIdentity(zmqAddress.getBytes(StandardCharsets.UTF_8));
    dealer.connect("tcp://" + proxy);
    byte[] registration = pack(type, httpAddress, zmqAddress);
    this.thread = new Thread(() -> {
      try {
        while (running) {
          // Never waits for a proxy that is not there yet: the next round tries again.
          dealer.send(registration, ZMQ.DONTWAIT);
          Thread.sleep(every.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (org.zeromq.ZMQException e) {
        // the context closed under the send: the worker is closing
      } finally {
        context.close();
      }
    }, "sim-p2p-nccl-registrar-" + httpAddress);
    thread.setDaemon(true);
    thread.start();
  }

  /** The msgpack registration {@code {"type", "http_address", "zmq_address"}} an instance sends. */
  public static byte[] pack(String type, String httpAddress, String zmqAddress) {
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

  /** Stops registering within one interval (its sleep ends); the proxy then expires this instance. */
  @Override
  public void close() {
    running = false;
  }
}
