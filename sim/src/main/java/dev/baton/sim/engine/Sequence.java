package dev.baton.sim.engine;

import java.util.Arrays;

/**
 * One running choice inside the engine: its tokens (prompt then output), how many of them have KV
 * computed, and the KV blocks it holds. Mutated only on the worker's event loop; the HTTP layer reads
 * it from the same loop inside {@link TokenSink} callbacks.
 */
public final class Sequence {

  enum State { WAITING, RUNNING, FINISHED, ABORTED }

  private final SequenceSpec spec;
  private final TokenSink sink;
  private int[] tokens;
  private int length;
  private final int promptLength;

  int numComputed;
  State state = State.WAITING;
  boolean admitted;
  boolean prefillCounted;
  int cachedTokens;
  IntList blocks = new IntList();
  private long[] blockHashes = new long[8];
  private int hashedBlocks;
  int publishedBlocks;
  long eligibleAtNanos;

  final long arrivalNanos;
  long firstScheduledNanos;
  long firstTokenNanos;
  long lastTokenNanos;

  Sequence(SequenceSpec spec, TokenSink sink, long arrivalNanos) {
    this.spec = spec;
    this.sink = sink;
    this.promptLength = spec.prompt().length;
    this.tokens = Arrays.copyOf(spec.prompt(), promptLength + Math.min(spec.maxTokens(), 1024));
    this.length = promptLength;
    this.arrivalNanos = arrivalNanos;
  }

  public String requestId() {
    return spec.requestId();
  }

  public SequenceSpec spec() {
    return spec;
  }

  public int promptLength() {
    return promptLength;
  }

  /** Prompt tokens whose KV was found in the prefix cache or pulled from a prefill worker. */
  public int cachedTokens() {
    return cachedTokens;
  }

  public int outputCount() {
    return length - promptLength;
  }

  /** Output token at index {@code i} (0-based). */
  public int outputToken(int i) {
    return tokens[promptLength + i];
  }

  /** All output tokens so far. */
  public int[] outputTokens() {
    return Arrays.copyOfRange(tokens, promptLength, length);
  }

  /** The prompt (shared, do not modify). */
  public int[] prompt() {
    return spec.prompt();
  }

  /** Ids of the KV blocks held for a remote decode, once finished with a hold. */
  public int[] blockIds() {
    return blocks.toArray();
  }

  TokenSink sink() {
    return sink;
  }

  int length() {
    return length;
  }

  void append(int token) {
    if (length == tokens.length) {
      tokens = Arrays.copyOf(tokens, tokens.length * 2);
    }
    tokens[length++] = token;
  }

  /** A copy of tokens {@code [from, to)}, prompt and output alike. */
  int[] tokenRange(int from, int to) {
    return Arrays.copyOfRange(tokens, from, to);
  }

  /** Chained hash of full block {@code k}, computed once and kept (tokens never change once written). */
  long blockHash(int k, int blockSize, long root) {
    while (hashedBlocks <= k) {
      long parent = hashedBlocks == 0 ? root : blockHashes[hashedBlocks - 1];
      if (hashedBlocks == blockHashes.length) {
        blockHashes = Arrays.copyOf(blockHashes, blockHashes.length * 2);
      }
      int from = hashedBlocks * blockSize;
      blockHashes[hashedBlocks] = KvCache.chain(parent, tokens, from, from + blockSize);
      hashedBlocks++;
    }
    return blockHashes[k];
  }

  /** A growable list of ints without boxing. */
  static final class IntList {
    private int[] values = new int[4];
    private int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int get(int i) {
      return values[i];
    }

    int size() {
      return size;
    }

    void clear() {
      size = 0;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
