package dev.baton.server.kvevents;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Asks an engine's replay ROUTER for the batches it still buffers from a sequence number on: a
 * DEALER sends {@code [empty, start_seq]}; each batch comes back as {@code [empty, topic, seq,
 * payload]} (before vLLM 0.26 without the topic), ended by seq -1. Bounded in time, so a silent or
 * absent replay socket costs at most {@code timeoutMillis}. Called on the subscriber's own thread.
 */
final class ReplayClient {

  /** One replayed batch. */
  record Replayed(long seq, byte[] payload) {}

  private ReplayClient() {}

  /** The batches from {@code startSeq} on, or null when the engine did not finish answering in time. */
  static List<Replayed> fetch(ZContext context, String address, long startSeq, long timeoutMillis) {
    ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
    try {
      dealer.setLinger(0);
      dealer.setHandshakeIvl(KvEventSubscriber.HANDSHAKE_MILLIS); // see KvEventSubscriber
      dealer.setReceiveTimeOut((int) Math.max(1, timeoutMillis));
      dealer.connect(address);
      dealer.sendMore(new byte[0]);
      dealer.send(ByteBuffer.allocate(8).putLong(startSeq).array());
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      List<Replayed> out = new ArrayList<>();
      while (System.nanoTime() < deadline) {
        List<byte[]> frames = receive(dealer);
        if (frames == null) {
          return null;
        }
        // [empty, (topic,) seq, payload]: the sequence number is always the second to last.
        if (frames.size() < 3) {
          continue;
        }
        byte[] seqFrame = frames.get(frames.size() - 2);
        if (seqFrame.length != 8) {
          continue;
        }
        long seq = ByteBuffer.wrap(seqFrame).getLong();
        if (seq < 0) {
          return out;
        }
        out.add(new Replayed(seq, frames.get(frames.size() - 1)));
      }
      return null;
    } finally {
      dealer.close();
    }
  }

  private static List<byte[]> receive(ZMQ.Socket socket) {
    byte[] first = socket.recv();
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>();
    frames.add(first);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv());
    }
    return frames;
  }
}
