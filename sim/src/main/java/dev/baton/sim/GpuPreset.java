package dev.baton.sim;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The hardware a simulated worker pretends to be ({@code baton sim --gpu}): engine timings and KV
 * capacity of an 8B model on one GPU. The timing flags override single values of a preset.
 */
public enum GpuPreset {
  /** One H100 80GB, fitted to docs/calibration.md (the default). */
  H100(SimConfig::defaults),
  /** One H200, fitted to docs/calibration.md. */
  H200(SimConfig::h200),
  /**
   * One L40S-like GPU, scaled from the H100 fit by datasheet ratios (not measured): memory
   * bandwidth 0.86 against 3.35 TB/s (3.9x slower weight and KV reads: 23 ms per step, 0.17 us per
   * context token), dense bf16 compute 362 against 989 TFLOPS (2.7x: 82 us per prefill token), 48 GB
   * (13,000 blocks, ~208k tokens of KV cache). A slow, cheap class for fleets that mix hardware.
   */
  L40S(() -> SimConfig.defaults()
      .withStepOverheadMs(23.0)
      .withPrefillUsPerToken(82.0)
      .withContextUsPerToken(0.17)
      .withKvBlocks(13_000));

  private final Supplier<SimConfig> config;

  GpuPreset(Supplier<SimConfig> config) {
    this.config = config;
  }

  /** The preset's configuration, on the defaults' host, ports and model. */
  public SimConfig config() {
    return config.get();
  }

  /**
   * The preset of a {@code --gpu} value, in any case.
   *
   * @throws IllegalArgumentException naming the known presets
   */
  public static GpuPreset of(String name) {
    for (GpuPreset p : values()) {
      if (p.name().equalsIgnoreCase(name.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException("--gpu must be h100, h200 or l40s, got " + name);
  }
}
