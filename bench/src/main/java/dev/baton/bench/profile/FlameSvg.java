package dev.baton.bench.profile;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A flame graph of collapsed stacks as a standalone SVG: one box per frame, as wide as its share of
 * the samples, drawn top down (the thread's entry at the top, each callee under its caller); each
 * box is labelled {@code Class.method} and its tooltip names the frame, its samples and share.
 * Boxes narrower than {@code minShare} of the whole are left out, which keeps the file small enough
 * to keep in the repository. Colours say whose code a frame is (Baton, Vert.x, Netty, Jackson, the
 * JDK), so where the time goes between Baton's own code and its libraries shows at a glance.
 */
public final class FlameSvg {
  private static final int WIDTH = 1200;
  private static final int ROW = 16;
  private static final int TOP = 36;
  private static final double CHAR_WIDTH = 6.6;

  private FlameSvg() {}

  /** One frame of the merged tree: its samples (its own and its callees') and its callees. */
  private static final class Node {
    long samples;
    final Map<String, Node> children = new LinkedHashMap<>();
  }

  /** Renders {@code stacks} under {@code title}; frames under {@code minShare} of all samples are dropped. */
  public static String render(String title, CollapsedStacks stacks, double minShare) {
    Node root = new Node();
    int depth = 0;
    for (Map.Entry<String, Long> stack : stacks.counts().entrySet()) {
      Node node = root;
      node.samples += stack.getValue();
      String[] frames = stack.getKey().split(";");
      depth = Math.max(depth, frames.length);
      for (String frame : frames) {
        node = node.children.computeIfAbsent(frame, f -> new Node());
        node.samples += stack.getValue();
      }
    }
    long total = Math.max(1, root.samples);
    StringBuilder boxes = new StringBuilder();
    int[] deepest = {0};
    draw(boxes, root, "all", 0, 0, total, minShare, deepest);
    int height = TOP + (deepest[0] + 1) * ROW + 8;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\""
            + " font-size=\"11\">%n", WIDTH, height));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"4\" y=\"16\" font-size=\"14\">%s (%d samples; frames under %.1f%% left out)</text>%n",
        escape(title), root.samples, minShare * 100));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"4\" y=\"30\" font-size=\"11\">colours: Baton %s, Vert.x %s, Netty %s, Jackson %s,"
            + " other %s; hover a box for its samples</text>%n",
        "orange", "blue", "green", "purple", "grey"));
    svg.append(boxes);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void draw(StringBuilder out, Node node, String name, int level, double x,
      long total, double minShare, int[] deepest) {
    double share = (double) node.samples / total;
    if (share < minShare) {
      return;
    }
    deepest[0] = Math.max(deepest[0], level);
    double width = share * WIDTH;
    double y = TOP + level * ROW;
    out.append(String.format(Locale.ROOT,
        "<g><title>%s (%d samples, %.2f%%)</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
            + " height=\"%d\" fill=\"%s\" stroke=\"white\" stroke-width=\"0.5\"/>",
        escape(name), node.samples, share * 100, x, y, width, ROW - 1, colour(name)));
    int fits = (int) ((width - 4) / CHAR_WIDTH);
    String shortName = shortName(name);
    if (fits >= 3) {
      String label = shortName.length() <= fits ? shortName : shortName.substring(0, fits - 2) + "..";
      out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>",
          x + 2, y + ROW - 4, escape(label)));
    }
    out.append("</g>\n");
    double childX = x;
    for (Map.Entry<String, Node> child : node.children.entrySet()) {
      draw(out, child.getValue(), child.getKey(), level + 1, childX, total, minShare, deepest);
      childX += (double) child.getValue().samples / total * WIDTH;
    }
  }

  /** {@code Class.method} of {@code package.Class.method}. */
  private static String shortName(String frame) {
    int method = frame.lastIndexOf('.');
    int type = method > 0 ? frame.lastIndexOf('.', method - 1) : -1;
    return frame.substring(type + 1);
  }

  private static String colour(String frame) {
    if (frame.startsWith("dev.baton.")) {
      return "#f0a050";
    }
    if (frame.startsWith("io.vertx.")) {
      return "#8fb8e0";
    }
    if (frame.startsWith("io.netty.")) {
      return "#9ccf8a";
    }
    if (frame.startsWith("com.fasterxml.")) {
      return "#c9a0dc";
    }
    return "#cfcfcf";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
