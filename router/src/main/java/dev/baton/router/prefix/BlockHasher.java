package dev.baton.router.prefix;

/**
 * Cuts a prompt into fixed-size character blocks and gives each a 64-bit hash chained with the hash
 * of every block before it (and the model name), so that one hash identifies a whole leading prefix.
 * Only full blocks count: an engine caches whole KV blocks, never a partial tail.
 *
 * <p>Allocation-free: the caller passes the output array. Four independent lanes per block keep the
 * multiply chains short, so a 4,000-character prompt hashes in about a microsecond.
 */
public final class BlockHasher {
  private static final long K0 = 0x9E3779B97F4A7C15L;
  private static final long K1 = 0xC2B2AE3D27D4EB4FL;
  private static final long K2 = 0x165667B19E3779F9L;
  private static final long K3 = 0xD6E8FEB86659FD93L;

  private BlockHasher() {}

  /**
   * Hashes the leading full blocks of {@code prompt}.
   *
   * @param maxBlocks hash at most this many leading blocks
   * @param out receives the chained hash of block i at index i; at least min(blocks, maxBlocks) long
   * @return how many blocks were hashed: min(prompt.length() / blockChars, maxBlocks)
   */
  public static int hash(String model, String prompt, int blockChars, int maxBlocks, long[] out) {
    int blocks = Math.min(prompt.length() / blockChars, maxBlocks);
    long chain = seed(model);
    for (int b = 0; b < blocks; b++) {
      chain = mix(chain * K0 + blockHash(prompt, b * blockChars, blockChars));
      out[b] = chain;
    }
    return blocks;
  }

  /**
   * Baton's key of one full token block following the block whose key is {@code parent}: chained,
   * so a key stands for every token from the prompt's start, independent of how an engine hashes.
   */
  public static long chainTokens(long parent, int[] tokens, int from, int blockSize) {
    long a = K1;
    long b = K2;
    int end = from + blockSize;
    int i = from;
    for (; i + 1 < end; i += 2) {
      a = (a ^ tokens[i]) * K0;
      b = (b ^ tokens[i + 1]) * K3;
    }
    if (i < end) {
      a = (a ^ tokens[i]) * K0;
    }
    return mix(parent * K0 + (mix(a) ^ Long.rotateLeft(mix(b), 29)) + blockSize);
  }

  /** The chain's starting value: blocks of different models never share a hash. */
  public static long seed(String model) {
    long h = K3 ^ model.length();
    for (int i = 0; i < model.length(); i++) {
      h = (h ^ model.charAt(i)) * K1;
    }
    return mix(h);
  }

  private static long blockHash(String s, int from, int length) {
    long a = K0;
    long b = K1;
    long c = K2;
    long d = K3;
    int end = from + length;
    int i = from;
    for (; i + 3 < end; i += 4) {
      a = (a ^ s.charAt(i)) * K1;
      b = (b ^ s.charAt(i + 1)) * K2;
      c = (c ^ s.charAt(i + 2)) * K3;
      d = (d ^ s.charAt(i + 3)) * K0;
    }
    for (; i < end; i++) {
      a = (a ^ s.charAt(i)) * K1;
    }
    return mix(a) ^ Long.rotateLeft(mix(b), 17) ^ Long.rotateLeft(mix(c), 31) ^ Long.rotateLeft(d, 47);
  }

  /** Murmur3's 64-bit finaliser: every input bit affects every output bit. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
