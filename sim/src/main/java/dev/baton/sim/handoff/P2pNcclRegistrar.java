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
  /**
   * How long a connection may take to finish its ZMTP handshake before JeroMQ drops it and
   * connects again (JeroMQ's default is 30 s). JeroMQ 0.6's I/O poller sometimes never watches a
   * connection it has just made: the connecting handle and the new engine's handle share one
   * channel, and retiring the one in the same pass that registers the other leaves the engine with
   * no selection key (zeromq/jeromq#1022). Its greeting is never sent, so the proxy does not hear
   * from this instance until the deadline; about one fresh connection in ten did that in a loop here. A
   * handshake takes milliseconds, so 2 s costs a healthy connection nothing.
   */
  public static final int HANDSHAKE_DEADLINE_MILLIS = 2_000;

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
    ZMQ.Socket dealer = dealer(context, proxy, zmqAddress);
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

  /**
   * A DEALER connected to the proxy at {@code proxy} ({@code host:port}) as an instance whose ZMQ
   * address is {@code zmqAddress}: that address is its identity, and a connection whose handshake
   * stalls is given up after {@link #HANDSHAKE_DEADLINE_MILLIS} and made again.
   */
  public static ZMQ.Socket dealer(ZContext context, String proxy, String zmqAddress) {
    ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
    dealer.setLinger(0);
    dealer.setHandshakeIvl(HANDSHAKE_DEADLINE_MILLIS);
    dealer.setIdentity(zmqAddress.getBytes(StandardCharsets.UTF_8));
    dealer.connect("tcp://" + proxy);
    return dealer;
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
