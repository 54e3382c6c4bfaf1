package dev.baton.router.prefix;

/**
 * A tokenized prompt's block keys ({@link BlockHasher#chainTokens}), hashed only as far as someone
 * asks: matching usually stops where the shared prefix ends, long before the prompt does. Reused
 * per thread by the matcher, so a decision allocates nothing once the array is large enough.
 */
public final class BlockKeys {
  private long[] keys = new long[0];
  private int[] tokens;
  private int blockSize;
  private int blocks;
  private int hashed;
  private long root;

  /** Starts over for another prompt; nothing is hashed yet. */
  public void reset(int[] tokens, long root, int blockSize, int maxBlocks) {
    this.tokens = tokens;
    this.root = root;
    this.blockSize = blockSize;
    this.blocks = Math.min(tokens.length / blockSize, maxBlocks);
    this.hashed = 0;
    if (keys.length < blocks) {
      keys = new long[blocks];
    }
  }

  /** Full blocks in the prompt (up to the limit given to {@link #reset}). */
  public int blocks() {
    return blocks;
  }

  public int blockSize() {
    return blockSize;
  }

  /** The key of block {@code k}, hashing the blocks up to it first if needed. */
  public long key(int k) {
    while (hashed <= k) {
      long parent = hashed == 0 ? root : keys[hashed - 1];
      keys[hashed] = BlockHasher.chainTokens(parent, tokens, hashed * blockSize, blockSize);
      hashed++;
    }
    return keys[k];
  }

  /** Every block's key, hashed; valid up to {@link #blocks()}. */
  public long[] all() {
    if (blocks > 0) {
      key(blocks - 1);
    }
    return keys;
  }

  /** Drops the prompt, so an idle thread pins none. */
  public void release() {
    tokens = null;
  }
}
