package dev.baton.router.prefix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.testing.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockHasherTest {
  private final long[] a = new long[300];
  private final long[] b = new long[300];

  @ParameterizedTest(name = "{0} chars in blocks of {1}, at most {2} -> {3} blocks")
  @CsvSource({"0, 64, 256, 0", "63, 64, 256, 0", "64, 64, 256, 1", "4000, 64, 256, 62",
      "20000, 64, 256, 256", "10, 3, 2, 2"})
  void countsOnlyFullBlocksUpToTheLimit(int chars, int blockChars, int maxBlocks, int expected) {
    assertThat(BlockHasher.hash("m", Fixtures.text(1, chars), blockChars, maxBlocks, a))
        .isEqualTo(expected);
  }

  @Test
  void sharedLeadingTextGivesSharedLeadingHashesThenDiverges() {
    String common = Fixtures.text(7, 640);
    int n1 = BlockHasher.hash("m", common + Fixtures.text(8, 640), 64, 256, a);
    int n2 = BlockHasher.hash("m", common + Fixtures.text(9, 640), 64, 256, b);
    assertThat(n1).isEqualTo(20).isEqualTo(n2);
    assertThat(Arrays.copyOf(a, 10)).isEqualTo(Arrays.copyOf(b, 10));
    for (int i = 10; i < 20; i++) {
      assertThat(a[i]).as("block %d", i).isNotEqualTo(b[i]);
    }
  }

  @Test
  void aBlockHashDependsOnEveryEarlierBlock() {
    String tail = Fixtures.text(3, 128);
    BlockHasher.hash("m", Fixtures.text(1, 64) + tail, 64, 256, a);
    BlockHasher.hash("m", Fixtures.text(2, 64) + tail, 64, 256, b);
    assertThat(a[1]).isNotEqualTo(b[1]);
    assertThat(a[2]).isNotEqualTo(b[2]);
  }

  @Test
  void theModelNameSeparatesOtherwiseEqualPrompts() {
    String prompt = Fixtures.text(5, 256);
    BlockHasher.hash("llama", prompt, 64, 256, a);
    BlockHasher.hash("mistral", prompt, 64, 256, b);
    assertThat(a[0]).isNotEqualTo(b[0]);
  }
}
