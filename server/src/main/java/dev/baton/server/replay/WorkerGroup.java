package dev.baton.server.replay;

import dev.baton.router.endpoint.Role;
import dev.baton.sim.GpuPreset;
import dev.baton.sim.SimConfig;
import java.util.Locale;

/**
 * One group of identical simulated workers in a replay's {@code FLEET.yaml} ({@code workers[]}).
 * Unset engine keys keep the {@code gpu} preset's values (docs/calibration.md).
 *
 * @param count how many workers (default 1)
 * @param gpu the simulator's hardware preset, as {@code baton sim --gpu}: {@code h100} (default),
 *     {@code h200} or {@code l40s}
 * @param hardwareClass the {@code hardware} label Baton sees on these endpoints, naming an entry of
 *     baton.yaml's {@code hardwareClasses} (default: the gpu's name)
 * @param role {@code prefill}, {@code decode} or {@code both} (default)
 * @param speed time compression of these workers (default: the fleet's {@code speed})
 * @param kvBlocks KV-cache blocks per worker ({@code num_gpu_blocks})
 * @param blockSize tokens per KV block
 * @param maxNumSeqs most sequences running at once
 * @param maxNumBatchedTokens token budget of one engine step
 * @param stepOverheadMs fixed cost of one engine step, simulated ms
 * @param prefillUsPerToken cost of each prompt token computed, simulated us
 * @param decodeMsPerSeq cost of each decoding sequence in a step, simulated ms
 * @param contextUsPerToken cost of each context token read while decoding, simulated us
 * @param prefixCaching whether the workers reuse cached prefix blocks (default on)
 */
public record WorkerGroup(
    Integer count,
    String gpu,
    String hardwareClass,
    Role role,
    Double speed,
    Integer kvBlocks,
    Integer blockSize,
    Integer maxNumSeqs,
    Integer maxNumBatchedTokens,
    Double stepOverheadMs,
    Double prefillUsPerToken,
    Double decodeMsPerSeq,
    Double contextUsPerToken,
    Boolean prefixCaching) {

  public WorkerGroup {
    count = count == null ? 1 : count;
    gpu = gpu == null ? "h100" : gpu.strip().toLowerCase(Locale.ROOT);
    GpuPreset.of(gpu);
    hardwareClass = hardwareClass == null || hardwareClass.isBlank() ? gpu : hardwareClass;
    role = role == null ? Role.BOTH : role;
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1, got " + count);
    }
  }

  /** A group of {@code count} workers of preset {@code gpu} with the preset's engine. */
  public static WorkerGroup of(int count, String gpu) {
    return new WorkerGroup(count, gpu, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }

  /**
   * The simulator configuration of each worker: the preset with this group's overrides, serving
   * {@code model} on free loopback ports.
   *
   * @param fleetSpeed the speed when the group sets none
   * @throws IllegalArgumentException when an override is out of the simulator's range
   */
  public SimConfig simConfig(String model, double fleetSpeed) {
    SimConfig c = GpuPreset.of(gpu).config().withHost("127.0.0.1").withPort(0).withKvPort(0)
        .withModel(model).withSpeed(speed != null ? speed : fleetSpeed);
    c = kvBlocks == null ? c : c.withKvBlocks(kvBlocks);
    c = blockSize == null ? c : c.withBlockSize(blockSize);
    c = maxNumSeqs == null ? c : c.withMaxNumSeqs(maxNumSeqs);
    c = maxNumBatchedTokens == null ? c : c.withMaxNumBatchedTokens(maxNumBatchedTokens);
    c = stepOverheadMs == null ? c : c.withStepOverheadMs(stepOverheadMs);
    c = prefillUsPerToken == null ? c : c.withPrefillUsPerToken(prefillUsPerToken);
    c = decodeMsPerSeq == null ? c : c.withDecodeMsPerSeq(decodeMsPerSeq);
    c = contextUsPerToken == null ? c : c.withContextUsPerToken(contextUsPerToken);
    return prefixCaching == null ? c : c.withPrefixCaching(prefixCaching);
  }
}
