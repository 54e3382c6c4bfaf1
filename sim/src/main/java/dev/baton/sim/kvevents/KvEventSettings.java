package dev.baton.sim.kvevents;

import java.util.Objects;

/**
 * How a simulated worker publishes vLLM's KV-cache events ({@code --kv-events-config}).
 *
 * @param port the PUB socket's port (vLLM's {@code endpoint}, default 5557); 0 picks a free one
 * @param replayPort the replay ROUTER socket's port ({@code replay_endpoint}); 0 picks a free one
 * @param topic the first frame of every message
 * @param encoding events as tagged arrays (vLLM up to 0.25) or maps with a {@code type} (0.26 on)
 * @param hashes block hashes as unsigned 64-bit integers or 32-byte digests
 * @param bufferSteps batches kept for replay (vLLM's {@code buffer_steps}, default 10000)
 */
public record KvEventSettings(
    int port, int replayPort, String topic, Encoding encoding, HashForm hashes, int bufferSteps) {

  /** vLLM's two event encodings. */
  public enum Encoding {
    /** {@code ["BlockStored", hashes, parent, tokens, ...]}, batch {@code [ts, events, rank]}. */
    TAGGED,
    /** {@code {"type": "BlockStored", "block_hashes": ...}}, batch as a map too. */
    MAPS
  }

  /** How a block hash travels. */
  public enum HashForm {
    /** The low 64 bits as an unsigned msgpack integer (VLLM_KV_EVENTS_USE_INT_BLOCK_HASHES=1). */
    INT,
    /** A 32-byte digest whose last 8 bytes, big-endian, are the hash. */
    DIGEST
  }

  public KvEventSettings {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(hashes, "hashes");
    if (bufferSteps < 1) {
      throw new IllegalArgumentException("bufferSteps must be >= 1");
    }
  }

  /** Free ports, the empty topic, vLLM 0.26's maps with integer hashes. */
  public static KvEventSettings onFreePorts() {
    return new KvEventSettings(0, 0, "", Encoding.MAPS, HashForm.INT, 10_000);
  }

  public KvEventSettings with(Encoding value) {
    return new KvEventSettings(port, replayPort, topic, value, hashes, bufferSteps);
  }

  public KvEventSettings with(HashForm value) {
    return new KvEventSettings(port, replayPort, topic, encoding, value, bufferSteps);
  }

  public KvEventSettings withTopic(String value) {
    return new KvEventSettings(port, replayPort, value, encoding, hashes, bufferSteps);
  }
}
