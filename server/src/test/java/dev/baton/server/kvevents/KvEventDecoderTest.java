package dev.baton.server.kvevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Both of vLLM's event encodings, both hash forms, and what is not a batch. */
class KvEventDecoderTest {
  /** 2^64 - 2: a uint64 hash above 2^63, as vLLM's int hashes often are. */
  private static final BigInteger BIG = new BigInteger("18446744073709551614");

  @Test
  void taggedArraysWithTrailingDefaultsOmitted() throws Exception {
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    p.packArrayHeader(3).packDouble(1.5).packArrayHeader(4);
    // BlockStored up to block_size only; lora_id, medium, lora_name... left out.
    p.packArrayHeader(5).packString("BlockStored").packArrayHeader(1).packBigInteger(BIG)
        .packLong(7).packArrayHeader(2).packInt(11).packInt(12).packInt(2);
    p.packArrayHeader(2).packString("BlockRemoved").packArrayHeader(1).packBigInteger(BIG);
    p.packArrayHeader(1).packString("AllBlocksCleared");
    p.packArrayHeader(1).packString("SomethingNewer");
    p.packInt(3);

    KvEvent.Batch batch = KvEventDecoder.decode(p.toByteArray());

    assertThat(batch.ts()).isEqualTo(1.5);
    assertThat(batch.dataParallelRank()).isEqualTo(3);
    assertThat(batch.events()).hasSize(3);
    KvEvent.BlockStored stored = (KvEvent.BlockStored) batch.events().get(0);
    assertThat(stored.blockHashes()).containsExactly(-2L);
    assertThat(stored.parentHash()).isEqualTo(7L);
    assertThat(stored.tokenIds()).containsExactly(11, 12);
    assertThat(stored.blockSize()).isEqualTo(2);
    assertThat(stored.loraName()).isNull();
    assertThat(((KvEvent.BlockRemoved) batch.events().get(1)).blockHashes()).containsExactly(-2L);
    assertThat(batch.events().get(2)).isInstanceOf(KvEvent.AllBlocksCleared.class);
  }

  @Test
  void mapsWithATypeInAnOuterMapAndDigestHashes() throws Exception {
    byte[] digest = new byte[32];
    digest[24] = (byte) 0x80; // the last 8 bytes, big-endian: 0x80000000000000ff
    digest[31] = (byte) 0xff;
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    p.packMapHeader(3).packString("ts").packDouble(2.0).packString("events").packArrayHeader(1);
    p.packMapHeader(6).packString("type").packString("BlockStored")
        .packString("block_hashes").packArrayHeader(1).packBinaryHeader(32).writePayload(digest)
        .packString("parent_block_hash").packNil()
        .packString("token_ids").packArrayHeader(1).packInt(5)
        .packString("block_size").packInt(1)
        .packString("lora_name").packString("sql");
    p.packString("data_parallel_rank").packNil();

    KvEvent.BlockStored stored =
        (KvEvent.BlockStored) KvEventDecoder.decode(p.toByteArray()).events().get(0);

    assertThat(stored.blockHashes()).containsExactly(0x80000000000000ffL);
    assertThat(stored.parentHash()).isNull();
    assertThat(stored.loraName()).isEqualTo("sql");
  }

  @Test
  void whatIsNotABatchIsRejected() throws Exception {
    assertThatThrownBy(() -> KvEventDecoder.decode(new byte[] {(byte) 0xc1}))
        .isInstanceOf(KvEventDecoder.MalformedBatch.class);
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    p.packString("hello");
    assertThatThrownBy(() -> KvEventDecoder.decode(p.toByteArray()))
        .isInstanceOf(KvEventDecoder.MalformedBatch.class);
    MessageBufferPacker noType = MessagePack.newDefaultBufferPacker();
    noType.packArrayHeader(3).packDouble(0).packArrayHeader(1).packMapHeader(0).packInt(0);
    assertThatThrownBy(() -> KvEventDecoder.decode(noType.toByteArray()))
        .isInstanceOf(KvEventDecoder.MalformedBatch.class);
  }
}
