package dev.baton.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A horizontal bar chart of one metric as a standalone SVG document: one bar per variant, bars
 * grouped by workload, each labelled with its value. Plain SVG (a few rects and texts) so it renders
 * in any browser and on GitHub without scripts or fonts.
 */
public final class SvgBarChart {

  private static final int WIDTH = 760;
  private static final int LABEL_WIDTH = 230;
  private static final int BAR_AREA = 400;
  private static final int ROW = 22;
  private static final int TOP = 44;
  // Colour-blind friendly (Okabe-Ito); a variant keeps its colour across groups.
  private static final String[] PALETTE = {
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"
  };

  private SvgBarChart() {}

  /**
   * One bar: its group heading, its label (a label keeps its colour across groups) and its value
   * (not finite: "n/a" and no bar).
   */
  public record Bar(String group, String label, double value) {}

  /** Renders {@code metric} for every row; rows without a value show "n/a" and no bar. */
  public static String render(String title, ChartMetric metric, List<ReportRow> rows) {
    List<Bar> bars = new ArrayList<>(rows.size());
    for (ReportRow row : rows) {
      bars.add(new Bar(row.group(), row.label(), metric.valueOf(row)));
    }
    return render(title + ": " + metric.title() + " (" + metric.unit() + ")", metric.unit(), bars);
  }

  /** Renders bars under a heading, grouped in the order groups first appear. */
  public static String render(String heading, String unit, List<Bar> bars) {
    Map<String, List<Bar>> groups = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    double max = 0;
    for (Bar bar : bars) {
      groups.computeIfAbsent(bar.group(), w -> new ArrayList<>()).add(bar);
      if (!labels.contains(bar.label())) {
        labels.add(bar.label());
      }
      if (Double.isFinite(bar.value())) {
        max = Math.max(max, bar.value());
      }
    }
    int lines = bars.size() + groups.size();
    int height = TOP + lines * ROW + 16;
    StringBuilder svg = new StringBuilder(1024 + bars.size() * 256);
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
    svg.append(String.format(Locale.ROOT,
        "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, height));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
        escape(heading)));
    int y = TOP;
    for (Map.Entry<String, List<Bar>> group : groups.entrySet()) {
      svg.append(String.format(Locale.ROOT,
          "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n", y + 15, escape(group.getKey())));
      y += ROW;
      for (Bar bar : group.getValue()) {
        appendBar(svg, y, bar.label(), bar.value(), max,
            PALETTE[labels.indexOf(bar.label()) % PALETTE.length], unit);
        y += ROW;
      }
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void appendBar(
      StringBuilder svg, int y, String label, double value, double max, String colour, String unit) {
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL_WIDTH - 8, y + 15, escape(label)));
    if (!Double.isFinite(value)) {
      svg.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" fill=\"#666666\">n/a</text>%n", LABEL_WIDTH + 4, y + 15));
      return;
    }
    double width = max > 0 ? Math.max(1, BAR_AREA * value / max) : 1;
    svg.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>%n",
        LABEL_WIDTH, y + 3, width, ROW - 6, colour, escape(label + ": " + Numbers.format(value) + " " + unit)));
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%d\">%s</text>%n", LABEL_WIDTH + width + 6, y + 15, escape(Numbers.format(value))));
  }

  /** Escapes text for SVG/XML content and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          // XML 1.0 forbids most control characters even when escaped.
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
