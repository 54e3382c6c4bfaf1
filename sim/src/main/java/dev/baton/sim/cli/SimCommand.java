package dev.baton.sim.cli;

import dev.baton.sim.FaultConfig;
import dev.baton.sim.Flavor;
import dev.baton.sim.GpuPreset;
import dev.baton.sim.SimConfig;
import dev.baton.sim.SimFleet;
import dev.baton.sim.SimWorker;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import dev.baton.sim.kvevents.KvEventSettings;
import picocli.CommandLine.Option;

/**
 * {@code baton sim}: runs simulated vLLM workers until killed. Worker {@code i} serves the OpenAI API
 * on {@code --port + i} and its KV side channel on {@code --kv-port + i}. Defaults are an 8B model on
 * one H100 (see sim/README.md).
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Run simulated vLLM workers: the OpenAI-compatible API, /metrics, /health and NIXL-style "
            + "prefill/decode handoffs over a continuous-batching timing model. Runs until killed.")
public final class SimCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8100", description = "API port of the first worker (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--kv-port", defaultValue = "0",
      description = "KV side-channel port of the first worker; 0 picks free ports (default: ${DEFAULT-VALUE}).")
  int kvPort;

  @Option(names = "--workers", defaultValue = "1", description = "Number of workers (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind and advertised address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--model", defaultValue = SimConfig.DEFAULT_MODEL, description = "Served model name (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--lora", split = ",", description = "LoRA adapter names also served (comma separated).")
  List<String> loras = List.of();

  @Option(names = "--max-loras", defaultValue = "4", description = "Reported max_lora (default: ${DEFAULT-VALUE}).")
  int maxLoras;

  @Option(names = "--speed", defaultValue = "1", description = "Time compression; 10 runs 10x faster than the GPU (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--gpu", defaultValue = "h100", description = "Calibration preset: h100, h200 or l40s (datasheet-scaled, slow and cheap) (default: ${DEFAULT-VALUE}); the timing flags below override it.")
  String gpu;

  @Option(names = "--max-model-len", description = "Context limit in tokens (default: 131072).")
  Integer maxModelLen;

  @Option(names = "--step-overhead-ms", description = "Fixed cost of an engine step, ms (H100: 6.0, H200: 4.5, L40S: 23).")
  Double stepOverheadMs;

  @Option(names = "--prefill-us-per-token", description = "Cost per prompt token, us (H100: 30, H200: 25, L40S: 82).")
  Double prefillUsPerToken;

  @Option(names = "--decode-ms-per-seq", description = "Cost per decoding sequence in a step, ms (0.02).")
  Double decodeMsPerSeq;

  @Option(names = "--context-us-per-token", description = "Cost per context token read in a decode step, us (H100: 0.043, H200: 0.031, L40S: 0.17).")
  Double contextUsPerToken;

  @Option(names = "--num-gpu-blocks", description = "KV cache blocks (H100: 26880, H200: 53760, L40S: 13000).")
  Integer kvBlocks;

  @Option(names = "--block-size", description = "Tokens per KV block (16).")
  Integer blockSize;

  @Option(names = "--max-num-seqs", description = "Most running sequences (256).")
  Integer maxNumSeqs;

  @Option(names = "--max-num-batched-tokens", description = "Token budget per step (8192).")
  Integer maxNumBatchedTokens;

  @Option(names = "--no-prefix-caching", description = "Disable prefix caching.")
  boolean noPrefixCaching;

  @Option(names = "--kv-bandwidth-gbps", description = "KV handoff bandwidth, GB/s (50).")
  Double kvBandwidthGBps;

  @Option(names = "--held-blocks-timeout-s", description = "Seconds a prefill holds blocks for a decode, simulated time (480).")
  Double heldBlocksTimeoutSeconds;

  @Option(names = "--natural-output-tokens", description = "Typical answer length before EOS (256).")
  Integer naturalOutputTokens;

  @Option(names = "--kv-peer", description = "Extra host:port KV side channel this process may pull from (repeatable).")
  List<String> kvPeers = List.of();

  @Option(names = "--error-rate", defaultValue = "0", description = "Fraction of requests answered with --error-status.")
  double errorRate;

  @Option(names = "--error-status", defaultValue = "500", description = "Status of injected errors (default: ${DEFAULT-VALUE}).")
  int errorStatus;

  @Option(names = "--hang-rate", defaultValue = "0", description = "Fraction of requests never answered.")
  double hangRate;

  @Option(names = "--drop-rate", defaultValue = "0", description = "Fraction of requests cut after --drop-after tokens.")
  double dropRate;

  @Option(names = "--drop-after", defaultValue = "1", description = "Tokens before a dropped connection (default: ${DEFAULT-VALUE}).")
  int dropAfter;

  @Option(names = "--slow-rate", defaultValue = "0", description = "Fraction of requests slowed by --slow-ms per token.")
  double slowRate;

  @Option(names = "--slow-ms", defaultValue = "0", description = "Extra wall-clock ms per token of slowed requests.")
  long slowMs;

  @Option(names = "--reject-connections", description = "Close every new connection at once.")
  boolean rejectConnections;

  @Option(names = "--mode", defaultValue = "vllm",
      description = "API to speak: vllm or sglang (/server_info, sglang:* metrics, bootstrap rendezvous) (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--disaggregation-mode", defaultValue = "null",
      description = "With --mode sglang: null, prefill or decode, as SGLang's flag (default: ${DEFAULT-VALUE}).")
  String disaggregationMode;

  @Option(names = "--p2p-nccl-proxy", paramLabel = "HOST:PORT",
      description = "Register every worker with this P2P-NCCL proxy (Baton's p2p-nccl endpoint source)"
          + " every 3 s, as vLLM's P2pNcclConnector does; its ZMQ address is its KV side channel.")
  String p2pNcclProxy;

  @Option(names = "--p2p-nccl-type", defaultValue = "D", paramLabel = "P|D",
      description = "With --p2p-nccl-proxy: P (kv_producer, prefill) or D (kv_consumer, decode)"
          + " (default: ${DEFAULT-VALUE}).")
  String p2pNcclType;

  @Option(names = "--fault-seed", defaultValue = "42", description = "Seed of the fault dice (default: ${DEFAULT-VALUE}).")
  long faultSeed;

  @Option(names = "--kv-events-port", paramLabel = "PORT",
      description = "Publish vLLM's KV-cache events: worker i's PUB socket on PORT + 2i, its replay"
          + " socket on PORT + 2i + 1 (0: free ports); with N data-parallel ranks, rank r of worker"
          + " i on PORT + 2Ni + r, its replay N above. Absent: no events.")
  Integer kvEventsPort;

  @Option(names = "--data-parallel-size", defaultValue = "1", paramLabel = "N",
      description = "Engines (data-parallel ranks) behind each worker's one API port: a request runs"
          + " on the rank its X-data-parallel-rank header names, else on the least loaded; metrics"
          + " carry engine=\"<rank>\" (default: ${DEFAULT-VALUE}).")
  int dataParallelSize;

  @Option(names = "--kv-events-encoding", defaultValue = "maps",
      description = "tagged (vLLM <= 0.25 arrays) or maps (0.26+) (default: ${DEFAULT-VALUE}).")
  String kvEventsEncoding;

  @Option(names = "--kv-events-hashes", defaultValue = "int",
      description = "int (unsigned 64-bit) or digest (32 bytes) (default: ${DEFAULT-VALUE}).")
  String kvEventsHashes;

  @Option(names = "--kv-events-topic", defaultValue = "", description = "Topic of every message.")
  String kvEventsTopic;

  /** The KV-event settings the options describe, or null without {@code --kv-events-port}. */
  KvEventSettings kvEvents() {
    if (kvEventsPort == null) {
      return null;
    }
    java.util.Locale root = java.util.Locale.ROOT;
    return new KvEventSettings(kvEventsPort, kvEventsPort == 0 ? 0 : kvEventsPort + dataParallelSize,
        kvEventsTopic, KvEventSettings.Encoding.valueOf(kvEventsEncoding.toUpperCase(root)),
        KvEventSettings.HashForm.valueOf(kvEventsHashes.toUpperCase(root)), 10_000);
  }

  /** The API the options ask for. */
  Flavor flavor() {
    String m = mode.toLowerCase(java.util.Locale.ROOT);
    String d = disaggregationMode.toLowerCase(java.util.Locale.ROOT);
    if (m.equals("vllm")) {
      if (!d.equals("null")) {
        throw new IllegalArgumentException("--disaggregation-mode needs --mode sglang");
      }
      return Flavor.VLLM;
    }
    if (!m.equals("sglang")) {
      throw new IllegalArgumentException("--mode must be vllm or sglang, got " + mode);
    }
    return switch (d) {
      case "null" -> Flavor.SGLANG;
      case "prefill" -> Flavor.SGLANG_PREFILL;
      case "decode" -> Flavor.SGLANG_DECODE;
      default -> throw new IllegalArgumentException(
          "--disaggregation-mode must be null, prefill or decode, got " + disaggregationMode);
    };
  }

  /** The configuration the options describe. */
  SimConfig config() {
    SimConfig c = GpuPreset.of(gpu).config();
    c = c.withHost(host).withPort(port).withKvPort(kvPort).withModel(model).withLoraAdapters(loras)
        .withMaxLoras(maxLoras).withSpeed(speed).withKvPeers(kvPeers).withPrefixCaching(!noPrefixCaching);
    if (maxModelLen != null) c = c.withMaxModelLen(maxModelLen);
    if (stepOverheadMs != null) c = c.withStepOverheadMs(stepOverheadMs);
    if (prefillUsPerToken != null) c = c.withPrefillUsPerToken(prefillUsPerToken);
    if (decodeMsPerSeq != null) c = c.withDecodeMsPerSeq(decodeMsPerSeq);
    if (contextUsPerToken != null) c = c.withContextUsPerToken(contextUsPerToken);
    if (kvBlocks != null) c = c.withKvBlocks(kvBlocks);
    if (blockSize != null) c = c.withBlockSize(blockSize);
    if (maxNumSeqs != null) c = c.withMaxNumSeqs(maxNumSeqs);
    if (maxNumBatchedTokens != null) c = c.withMaxNumBatchedTokens(maxNumBatchedTokens);
    if (kvBandwidthGBps != null) c = c.withKvBandwidthGBps(kvBandwidthGBps);
    if (heldBlocksTimeoutSeconds != null) {
      c = c.withHeldBlocksTimeout(Duration.ofMillis(Math.round(heldBlocksTimeoutSeconds * 1000)));
    }
    if (naturalOutputTokens != null) c = c.withNaturalOutputTokens(naturalOutputTokens);
    FaultConfig f = FaultConfig.none().withErrorRate(errorRate).withErrorStatus(errorStatus).withHangRate(hangRate)
        .withDrop(dropRate, dropAfter).withSlow(slowRate, slowMs).withRejectConnections(rejectConnections)
        .withSeed(faultSeed);
    return c.withFaults(f);
  }

  @Override
  public Integer call() throws Exception {
    SimConfig config;
    KvEventSettings events;
    Flavor flavor;
    try {
      config = config();
      events = kvEvents();
      flavor = flavor();
      if (dataParallelSize < 1) {
        throw new IllegalArgumentException("--data-parallel-size must be >= 1, got " + dataParallelSize);
      }
      if (!"P".equals(p2pNcclType) && !"D".equals(p2pNcclType)) {
        throw new IllegalArgumentException("--p2p-nccl-type must be P or D, got " + p2pNcclType);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("baton sim: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    SimFleet fleet;
    try {
      fleet = SimFleet.start(vertx, workers, config, events, flavor, dataParallelSize).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("baton sim: could not start: " + e.getMessage());
      vertx.close();
      return 1;
    }
    for (SimWorker w : fleet.workers()) {
      if (p2pNcclProxy != null) {
        w.registerWithP2pNcclProxy(p2pNcclProxy, p2pNcclType, java.time.Duration.ofSeconds(3));
      }
      System.out.println("sim worker " + w.baseUrl() + " model=" + w.config().model() + " kv=" + w.host() + ":"
          + w.kvPort() + " engine=" + w.engineId()
          + (w.dataParallelSize() == 1 ? "" : " dataParallelSize=" + w.dataParallelSize())
          + (w.kvEvents() == null ? ""
          : " kvEvents=tcp://" + w.host() + ":" + w.kvEvents().port() + " kvReplay=tcp://"
              + w.host() + ":" + w.kvEvents().replayPort()));
    }
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        fleet.close().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // Exiting anyway.
      }
      stopped.countDown();
    }, "baton-sim-shutdown"));
    stopped.await();
    return 0;
  }
}
