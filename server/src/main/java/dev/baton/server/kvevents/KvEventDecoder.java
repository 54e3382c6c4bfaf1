package dev.baton.server.kvevents;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

/**
 * Reads a vLLM KV-event batch (msgpack) in both encodings in the field: up to vLLM 0.25 events are
 * tagged positional arrays whose trailing defaults may be missing; since 0.26 they are maps with a
 * {@code type}. The outer batch may be an array {@code [ts, events, rank]} or a map. Hashes are
 * unsigned 64-bit integers or digests whose last 8 bytes (big-endian) are the hash. Events of
 * unknown types are skipped, so a newer engine's additions do not stop the stream.
 */
public final class KvEventDecoder {

  /** A payload that is not a KV-event batch. */
  public static final class MalformedBatch extends Exception {
    MalformedBatch(String message) {
      super(message);
    }
  }

  private static final String[] STORED_FIELDS = {
      "block_hashes", "parent_block_hash", "token_ids", "block_size", "lora_id", "medium",
      "lora_name"};
  private static final String[] REMOVED_FIELDS = {"block_hashes", "medium"};

  static {
    // msgpack's default buffers read memory through sun.misc.Unsafe, which JDK 24+ warns about on
    // stderr and later JDKs remove; its portable buffers are fast enough for event batches.
    if (System.getProperty("msgpack.universal-buffer") == null) {
      System.setProperty("msgpack.universal-buffer", "true");
    }
  }

  private KvEventDecoder() {}

  public static KvEvent.Batch decode(byte[] payload) throws MalformedBatch {
    Value root;
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
      root = unpacker.unpackValue();
    } catch (IOException | RuntimeException e) {
      throw new MalformedBatch("not msgpack: " + e.getMessage());
    }
    try {
      Value ts;
      Value events;
      Value rank;
      if (root.isArrayValue()) {
        ArrayValue a = root.asArrayValue();
        ts = a.get(0);
        events = a.get(1);
        rank = a.size() > 2 ? a.get(2) : null;
      } else if (root.isMapValue()) {
        Map<String, Value> m = fields(root.asMapValue());
        ts = m.get("ts");
        events = m.get("events");
        rank = m.get("data_parallel_rank");
      } else {
        throw new MalformedBatch("a batch is an array or a map");
      }
      List<KvEvent> out = new ArrayList<>();
      for (Value e : events.asArrayValue()) {
        KvEvent event = event(e);
        if (event != null) {
          out.add(event);
        }
      }
      int dpRank = rank == null || rank.isNilValue() ? 0 : rank.asIntegerValue().toInt();
      return new KvEvent.Batch(ts.asNumberValue().toDouble(), out, dpRank);
    } catch (RuntimeException e) {
      throw new MalformedBatch("bad batch: " + e);
    }
  }

  private static KvEvent event(Value value) throws MalformedBatch {
    String type;
    Map<String, Value> f;
    if (value.isMapValue()) {
      f = fields(value.asMapValue());
      Value t = f.get("type");
      if (t == null || !t.isStringValue()) {
        throw new MalformedBatch("an event map without a type");
      }
      type = t.asStringValue().asString();
    } else {
      ArrayValue a = value.asArrayValue();
      type = a.get(0).asStringValue().asString();
      f = positional(a, switch (type) {
        case "BlockStored" -> STORED_FIELDS;
        case "BlockRemoved" -> REMOVED_FIELDS;
        default -> new String[0];
      });
    }
    return switch (type) {
      case "BlockStored" -> stored(f);
      case "BlockRemoved" -> new KvEvent.BlockRemoved(hashes(f.get("block_hashes")));
      case "AllBlocksCleared" -> new KvEvent.AllBlocksCleared();
      default -> null;
    };
  }

  private static KvEvent.BlockStored stored(Map<String, Value> f) throws MalformedBatch {
    long[] hashes = hashes(f.get("block_hashes"));
    Value parent = f.get("parent_block_hash");
    ArrayValue tokens = required(f, "token_ids").asArrayValue();
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tokens.get(i).asIntegerValue().toInt();
    }
    Value lora = f.get("lora_name");
    return new KvEvent.BlockStored(hashes,
        parent == null || parent.isNilValue() ? null : hash(parent),
        ids, required(f, "block_size").asIntegerValue().toInt(),
        lora == null || lora.isNilValue() ? null : lora.asStringValue().asString());
  }

  private static long[] hashes(Value list) throws MalformedBatch {
    if (list == null) {
      throw new MalformedBatch("missing block_hashes");
    }
    ArrayValue a = list.asArrayValue();
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = hash(a.get(i));
    }
    return out;
  }

  /** An unsigned 64-bit integer, or the last 8 bytes of a digest, as the same 64 bits in a long. */
  static long hash(Value v) throws MalformedBatch {
    if (v.isIntegerValue()) {
      // Above 2^63 msgpack holds a uint64; its low 64 bits are the hash, whatever the sign.
      return v.asIntegerValue().asBigInteger().longValue();
    }
    if (v.isBinaryValue()) {
      byte[] digest = v.asBinaryValue().asByteArray();
      if (digest.length < 8) {
        throw new MalformedBatch("a digest shorter than 8 bytes");
      }
      return ByteBuffer.wrap(digest, digest.length - 8, 8).getLong();
    }
    throw new MalformedBatch("a block hash is an integer or bytes, not " + v.getValueType());
  }

  private static Value required(Map<String, Value> f, String name) throws MalformedBatch {
    Value v = f.get(name);
    if (v == null || v.isNilValue()) {
      throw new MalformedBatch("missing " + name);
    }
    return v;
  }

  private static Map<String, Value> fields(MapValue map) {
    Map<String, Value> out = new HashMap<>();
    map.map().forEach((k, v) -> {
      if (k.isStringValue()) {
        out.put(k.asStringValue().asString(), v);
      }
    });
    return out;
  }

  /** Positional fields after the tag; trailing ones may be missing (their defaults). */
  private static Map<String, Value> positional(ArrayValue a, String[] names) {
    Map<String, Value> out = new HashMap<>();
    for (int i = 0; i < names.length && i + 1 < a.size(); i++) {
      out.put(names[i], a.get(i + 1));
    }
    return out;
  }
}
