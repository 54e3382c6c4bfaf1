/**
 * AmbiguousPaths' dot-segment check on bench-proxy's path, split on '/' (before) against a scan
 * (after), both spelled here as in the two commits. ns and bytes allocated per path.
 */
public class DotSegmentBench {
  static boolean split(String path) {
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) return true;
    }
    return false;
  }

  static boolean scan(String path) {
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        int length = i - start;
        if ((length == 1 || length == 2) && path.charAt(start) == '.' && path.charAt(i - 1) == '.') return true;
        start = i + 1;
      }
    }
    return false;
  }

  public static void main(String[] a) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    String path = a.length > 0 ? a[0] : "/v1/chat/completions";
    int n = 5_000_000; long sink = 0;
    for (int r = 0; r < 5; r++) {
      long b0 = mx.getCurrentThreadAllocatedBytes(), t0 = System.nanoTime();
      for (int i = 0; i < n; i++) sink += split(path) ? 1 : 0;
      long b1 = mx.getCurrentThreadAllocatedBytes(), t1 = System.nanoTime();
      for (int i = 0; i < n; i++) sink += scan(path) ? 1 : 0;
      long b2 = mx.getCurrentThreadAllocatedBytes(), t2 = System.nanoTime();
      System.out.printf("round %d: split %.0f ns %.0f B, scan %.0f ns %.0f B per path%n", r,
          (t1 - t0) / (double) n, (b1 - b0) / (double) n, (t2 - t1) / (double) n, (b2 - b1) / (double) n);
    }
    System.out.println(sink == 42 ? "" : "ok");
  }
}
