package dev.baton.sim;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every knob of a simulated vLLM worker, immutable. Start from {@link #defaults()} (an 8B model on one
 * H100, see docs/calibration.md and sim/README.md) or {@link #h200()} and change what a test needs with
 * the {@code with...} methods.
 *
 * @param host address the HTTP API and the KV side channel bind to and advertise
 * @param port HTTP API port; 0 picks a free one
 * @param kvPort KV side-channel port (the NIXL handle's {@code remote_port}); 0 picks a free one
 * @param model served model name ({@code --served-model-name})
 * @param loraAdapters LoRA adapter names also served; a request naming one counts as running it
 * @param maxLoras {@code --max-loras}, reported in {@code vllm:lora_requests_info}
 * @param maxModelLen context limit in tokens ({@code --max-model-len})
 * @param speed time compression: 100 runs the simulated GPU 100x faster than real time
 * @param stepOverheadMs fixed cost of one engine step (one pass over the weights), simulated ms
 * @param prefillUsPerToken cost of each prompt token computed in a step, simulated us
 * @param decodeMsPerSeq cost of each decoding sequence in a step, simulated ms
 * @param contextUsPerToken cost of each context token read by decoding sequences, simulated us
 * @param kvBlocks number of KV-cache blocks ({@code num_gpu_blocks})
 * @param blockSize tokens per KV block ({@code --block-size})
 * @param maxNumSeqs most sequences running at once ({@code --max-num-seqs})
 * @param maxNumBatchedTokens token budget of one step, the chunked-prefill limit ({@code --max-num-batched-tokens})
 * @param prefixCaching reuse cached blocks of identical prefixes ({@code --enable-prefix-caching})
 * @param kvBandwidthGBps KV handoff bandwidth between workers in GB/s (one 400 Gb/s NIC = 50)
 * @param kvBytesPerToken KV bytes per token moved by a handoff (Llama-3-8B bf16: 128 KiB)
 * @param heldBlocksTimeout how long a prefill holds blocks for a remote decode, in simulated time (vLLM: 480 s)
 * @param naturalOutputTokens typical answer length before the model emits EOS; each prompt stops deterministically within [n/2, 3n/2)
 * @param kvPeers extra {@code host:port} KV side channels this worker may pull from (sims in this JVM are always allowed)
 * @param faults injected faults
 */
public record SimConfig(
    String host,
    int port,
    int kvPort,
    String model,
    List<String> loraAdapters,
    int maxLoras,
    int maxModelLen,
    double speed,
    double stepOverheadMs,
    double prefillUsPerToken,
    double decodeMsPerSeq,
    double contextUsPerToken,
    int kvBlocks,
    int blockSize,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    boolean prefixCaching,
    double kvBandwidthGBps,
    int kvBytesPerToken,
    Duration heldBlocksTimeout,
    int naturalOutputTokens,
    List<String> kvPeers,
    FaultConfig faults) {

  /** Default served model name. */
  public static final String DEFAULT_MODEL = "meta-llama/Llama-3.1-8B-Instruct";

  public SimConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(heldBlocksTimeout, "heldBlocksTimeout");
    Objects.requireNonNull(faults, "faults");
    loraAdapters = List.copyOf(loraAdapters);
    kvPeers = List.copyOf(kvPeers);
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be > 0: " + speed);
    }
    if (port < 0 || port > 65535 || kvPort < 0 || kvPort > 65535) {
      throw new IllegalArgumentException("ports must be within [0, 65535]");
    }
    if (kvBlocks < 1 || blockSize < 1 || maxNumSeqs < 1 || maxNumBatchedTokens < 1 || maxModelLen < 1) {
      throw new IllegalArgumentException("kvBlocks, blockSize, maxNumSeqs, maxNumBatchedTokens, maxModelLen must be >= 1");
    }
    if (stepOverheadMs < 0 || prefillUsPerToken < 0 || decodeMsPerSeq < 0 || contextUsPerToken < 0) {
      throw new IllegalArgumentException("step costs must be >= 0");
    }
    if (!(kvBandwidthGBps > 0) || kvBytesPerToken < 0 || naturalOutputTokens < 2) {
      throw new IllegalArgumentException("kvBandwidthGBps must be > 0, kvBytesPerToken >= 0, naturalOutputTokens >= 2");
    }
  }

  /**
   * An 8B model (Llama-3-8B shape, bf16) on one H100 80GB, fitted to docs/calibration.md: 6.0 ms per
   * step, 30 us per prefill token, 0.02 ms per running sequence, 0.043 us per context token, 26,880
   * blocks of 16 tokens (~430k tokens of KV cache).
   */
  public static SimConfig defaults() {
    return new SimConfig(
        "127.0.0.1", 0, 0, DEFAULT_MODEL, List.of(), 4, 131072, 1.0,
        6.0, 30.0, 0.02, 0.043, 26_880, 16, 256, 8192, true,
        50.0, 128 * 1024, Duration.ofSeconds(480), 256, List.of(), FaultConfig.none());
  }

  /** The same model on one H200: 4.5 ms per step, 25 us per prefill token, 0.031 us per context token, 53,760 blocks. */
  public static SimConfig h200() {
    return defaults()
        .withStepOverheadMs(4.5)
        .withPrefillUsPerToken(25.0)
        .withContextUsPerToken(0.031)
        .withKvBlocks(53_760);
  }

  /** One line describing this worker, for logs and the CLI. */
  public String describe() {
    return model + " on " + host + ":" + port + " (speed " + speed + ", " + kvBlocks + " blocks of " + blockSize + ")";
  }

  public SimConfig withHost(String value) {
    return new SimConfig(
        value, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, faults);
  }

  public SimConfig withPort(int value) {
    return new SimConfig(
        host, value, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, faults);
  }

  public SimConfig withKvPort(int value) {
    return new SimConfig(
        host, port, value, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, faults);
  }

  public SimConfig withModel(String value) {
    return new SimConfig(
        host, port, kvPort, value, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, faults);
  }

  public SimConfig withLoraAdapters(List<String> value) {
    return new SimConfig(
        host, port, kvPort, model, value, maxLoras, maxModelLen, speed, stepOverheadMs, prefillUsPerToken,
        decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs, maxNumBatchedTokens,
        prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout, naturalOutputTokens, kvPeers,
        faults);
  }

  public SimConfig withMaxLoras(int value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, value, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, faults);
  }

  public SimConfig withMaxModelLen(int value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, value, speed, stepOverheadMs, prefillUsPerToken,
        decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs, maxNumBatchedTokens,
        prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout, naturalOutputTokens, kvPeers,
        faults);
  }

  public SimConfig withSpeed(double value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, value, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, faults);
  }

  public SimConfig withStepOverheadMs(double value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, value, prefillUsPerToken,
        decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs, maxNumBatchedTokens,
        prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout, naturalOutputTokens, kvPeers,
        faults);
  }

  public SimConfig withPrefillUsPerToken(double value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs, value,
        decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs, maxNumBatchedTokens,
        prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout, naturalOutputTokens, kvPeers,
        faults);
  }

  public SimConfig withDecodeMsPerSeq(double value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, value, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs, maxNumBatchedTokens,
        prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout, naturalOutputTokens, kvPeers,
        faults);
  }

  public SimConfig withContextUsPerToken(double value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, value, kvBlocks, blockSize, maxNumSeqs, maxNumBatchedTokens,
        prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout, naturalOutputTokens, kvPeers,
        faults);
  }

  public SimConfig withKvBlocks(int value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, value, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, faults);
  }

  public SimConfig withBlockSize(int value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, value, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, faults);
  }

  public SimConfig withMaxNumSeqs(int value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, value,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, faults);
  }

  public SimConfig withMaxNumBatchedTokens(int value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs, value,
        prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout, naturalOutputTokens, kvPeers,
        faults);
  }

  public SimConfig withPrefixCaching(boolean value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, value, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, faults);
  }

  public SimConfig withKvBandwidthGBps(double value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, value, kvBytesPerToken, heldBlocksTimeout, naturalOutputTokens,
        kvPeers, faults);
  }

  public SimConfig withKvBytesPerToken(int value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, value, heldBlocksTimeout, naturalOutputTokens,
        kvPeers, faults);
  }

  public SimConfig withHeldBlocksTimeout(Duration value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, value, naturalOutputTokens,
        kvPeers, faults);
  }

  public SimConfig withNaturalOutputTokens(int value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout, value,
        kvPeers, faults);
  }

  public SimConfig withKvPeers(List<String> value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, value, faults);
  }

  public SimConfig withFaults(FaultConfig value) {
    return new SimConfig(
        host, port, kvPort, model, loraAdapters, maxLoras, maxModelLen, speed, stepOverheadMs,
        prefillUsPerToken, decodeMsPerSeq, contextUsPerToken, kvBlocks, blockSize, maxNumSeqs,
        maxNumBatchedTokens, prefixCaching, kvBandwidthGBps, kvBytesPerToken, heldBlocksTimeout,
        naturalOutputTokens, kvPeers, value);
  }
}
