package dev.baton.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.sim.SimConfig;
import dev.baton.sim.kvevents.KvEventSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimCommandTest {

  private static SimConfig parse(String... args) {
    SimCommand command = new SimCommand();
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  @Test
  void defaultsAreTheH100Preset() {
    SimConfig c = parse();
    assertThat(c.port()).isEqualTo(8100);
    assertThat(c.model()).isEqualTo(SimConfig.DEFAULT_MODEL);
    assertThat(c.stepOverheadMs()).isEqualTo(SimConfig.defaults().stepOverheadMs());
    assertThat(c.kvBlocks()).isEqualTo(SimConfig.defaults().kvBlocks());
  }

  @Test
  void flagsReachTheConfig() {
    SimConfig c = parse("--port", "9000", "--gpu", "h200", "--speed", "25", "--model", "m", "--lora", "a,b",
        "--max-num-seqs", "8", "--num-gpu-blocks", "100", "--held-blocks-timeout-s", "2.5",
        "--error-rate", "0.5", "--error-status", "503", "--reject-connections", "--no-prefix-caching");
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.stepOverheadMs()).isEqualTo(4.5);
    assertThat(c.speed()).isEqualTo(25);
    assertThat(c.model()).isEqualTo("m");
    assertThat(c.loraAdapters()).containsExactly("a", "b");
    assertThat(c.maxNumSeqs()).isEqualTo(8);
    assertThat(c.kvBlocks()).isEqualTo(100);
    assertThat(c.heldBlocksTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.faults().errorRate()).isEqualTo(0.5);
    assertThat(c.faults().errorStatus()).isEqualTo(503);
    assertThat(c.faults().rejectConnections()).isTrue();
    assertThat(c.prefixCaching()).isFalse();
  }

  @Test
  void theL40sPresetIsSlowerAndTimingFlagsOverrideAPreset() {
    SimConfig l40s = parse("--gpu", "L40S");
    assertThat(l40s.stepOverheadMs()).isEqualTo(23.0);
    assertThat(l40s.prefillUsPerToken()).isEqualTo(82.0);
    assertThat(l40s.kvBlocks()).isLessThan(SimConfig.defaults().kvBlocks());
    assertThat(parse("--gpu", "l40s", "--prefill-us-per-token", "60").prefillUsPerToken())
        .isEqualTo(60.0);
    assertThatThrownBy(() -> parse("--gpu", "a100"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("h100, h200 or l40s");
  }

  @Test
  void kvEventFlagsDescribeThePublisher() {
    SimCommand command = new SimCommand();
    new CommandLine(command).parseArgs("--kv-events-port", "5557", "--kv-events-encoding", "tagged",
        "--kv-events-hashes", "digest", "--kv-events-topic", "kv@");
    assertThat(command.kvEvents()).isEqualTo(new KvEventSettings(5557, 5558, "kv@",
        KvEventSettings.Encoding.TAGGED, KvEventSettings.HashForm.DIGEST, 10_000));
    SimCommand none = new SimCommand();
    new CommandLine(none).parseArgs();
    assertThat(none.kvEvents()).isNull();
  }
}
