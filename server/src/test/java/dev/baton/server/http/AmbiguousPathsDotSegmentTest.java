package dev.baton.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The dot-segment check scans the path instead of splitting it: it must refuse exactly the paths
 * whose segments, split on {@code /}, include {@code .} or {@code ..}, checked against that split
 * over every short path of slashes, dots and a letter.
 */
class AmbiguousPathsDotSegmentTest {
  private static final String DOTS = "dot segments (. and ..) are not allowed in paths";

  private static boolean splitSaysDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void refusesExactlyThePathsWithADotSegment() {
    char[] alphabet = {'/', '.', 'a'};
    int checked = 0;
    for (int length = 0; length <= 7; length++) {
      int combinations = (int) Math.pow(3, length);
      for (int n = 0; n < combinations; n++) {
        StringBuilder path = new StringBuilder("/");
        for (int i = 0, k = n; i < length; i++, k /= 3) {
          path.append(alphabet[k % 3]);
        }
        String p = path.toString();
        if (p.contains("//")) {
          continue; // refused earlier, for another reason
        }
        boolean refused = AmbiguousPaths.problem(p).filter(DOTS::equals).isPresent();
        assertThat(refused).as(p).isEqualTo(splitSaysDotSegment(p));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(500);
  }

  @Test
  void plainRoutesAndDotsInsideNamesPass() {
    assertThat(AmbiguousPaths.problem("/v1/chat/completions")).isEmpty();
    assertThat(AmbiguousPaths.problem("/v1/models/llama-3.1-8b")).isEmpty();
    assertThat(AmbiguousPaths.problem("/v1/.well")).isEmpty();
    assertThat(AmbiguousPaths.problem("/v1/x/..")).hasValue(DOTS);
    assertThat(AmbiguousPaths.problem("/v1/./chat")).hasValue(DOTS);
  }
}
