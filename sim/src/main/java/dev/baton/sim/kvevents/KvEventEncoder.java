package dev.baton.sim.kvevents;

import dev.baton.sim.kvevents.KvEventSettings.Encoding;
import dev.baton.sim.kvevents.KvEventSettings.HashForm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Writes an event batch as vLLM's msgpack payload, in either encoding and hash form. Tagged arrays
 * omit trailing defaults past {@code medium} (as msgspec does for vLLM 0.25); maps write every field.
 */
final class KvEventEncoder {
  private final Encoding encoding;
  private final HashForm hashes;

  static {
    // msgpack's default buffers read memory through sun.misc.Unsafe, which JDK 24+ warns about on
    // stderr and later JDKs remove; its portable buffers are fast enough for event batches.
    if (System.getProperty("msgpack.universal-buffer") == null) {
      System.setProperty("msgpack.universal-buffer", "true");
    }
  }

  KvEventEncoder(Encoding encoding, HashForm hashes) {
    this.encoding = encoding;
    this.hashes = hashes;
  }

  byte[] batch(double ts, List<PoolEvent> events, int dataParallelRank) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      if (encoding == Encoding.TAGGED) {
        p.packArrayHeader(3).packDouble(ts).packArrayHeader(events.size());
      } else {
        p.packMapHeader(3).packString("ts").packDouble(ts).packString("events")
            .packArrayHeader(events.size());
      }
      for (PoolEvent e : events) {
        event(p, e);
      }
      if (encoding == Encoding.MAPS) {
        p.packString("data_parallel_rank");
      }
      p.packInt(dataParallelRank);
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void event(MessageBufferPacker p, PoolEvent e) throws IOException {
    boolean maps = encoding == Encoding.MAPS;
    switch (e) {
      case PoolEvent.Stored s -> {
        boolean lora = !s.loraName().isEmpty();
        if (maps) {
          p.packMapHeader(8).packString("type").packString("BlockStored");
        } else {
          p.packArrayHeader(lora ? 8 : 7).packString("BlockStored");
        }
        key(p, "block_hashes").packArrayHeader(s.hashes().length);
        for (long h : s.hashes()) {
          hash(p, h);
        }
        key(p, "parent_block_hash");
        if (s.parentHash() == null) {
          p.packNil();
        } else {
          hash(p, s.parentHash());
        }
        key(p, "token_ids").packArrayHeader(s.tokens().length);
        for (int t : s.tokens()) {
          p.packInt(t);
        }
        key(p, "block_size").packInt(s.blockSize());
        key(p, "lora_id");
        if (lora) {
          p.packInt(s.loraName().hashCode() & 0x7fffffff);
        } else {
          p.packNil();
        }
        key(p, "medium").packString("GPU");
        if (maps || lora) {
          key(p, "lora_name");
          if (lora) {
            p.packString(s.loraName());
          } else {
            p.packNil();
          }
        }
      }
      case PoolEvent.Removed r -> {
        if (maps) {
          p.packMapHeader(3).packString("type").packString("BlockRemoved");
        } else {
          p.packArrayHeader(3).packString("BlockRemoved");
        }
        key(p, "block_hashes").packArrayHeader(1);
        hash(p, r.hash());
        key(p, "medium").packString("GPU");
      }
      case PoolEvent.Cleared c -> {
        if (maps) {
          p.packMapHeader(1).packString("type").packString("AllBlocksCleared");
        } else {
          p.packArrayHeader(1).packString("AllBlocksCleared");
        }
      }
    }
  }

  /** A map key in the map encoding; nothing in the positional one. */
  private MessageBufferPacker key(MessageBufferPacker p, String name) throws IOException {
    if (encoding == Encoding.MAPS) {
      p.packString(name);
    }
    return p;
  }

  private void hash(MessageBufferPacker p, long h) throws IOException {
    if (hashes == HashForm.DIGEST) {
      // A digest's leading bytes vary too; readers take only the last eight.
      ByteBuffer digest = ByteBuffer.allocate(32);
      digest.putLong(h * 0x9e3779b97f4a7c15L).putLong(~h).putLong(Long.rotateLeft(h, 17))
          .putLong(h);
      p.packBinaryHeader(32).writePayload(digest.array());
    } else if (h < 0) {
      p.packBigInteger(new BigInteger(Long.toUnsignedString(h)));
    } else {
      p.packLong(h);
    }
  }
}
