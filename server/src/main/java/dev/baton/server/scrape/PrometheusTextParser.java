package dev.baton.server.scrape;

import static dev.baton.server.scrape.TextFormatTokens.ascii;
import static dev.baton.server.scrape.TextFormatTokens.isBlank;
import static dev.baton.server.scrape.TextFormatTokens.metricNameEnd;
import static dev.baton.server.scrape.TextFormatTokens.regionEquals;
import static dev.baton.server.scrape.TextFormatTokens.skipBlanks;
import static dev.baton.server.scrape.TextFormatTokens.tokenEnd;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A strict push parser for the Prometheus text exposition format (version 0.0.4), fed one network
 * chunk at a time so a scrape never holds more than one chunk and the line it ends in.
 *
 * <p>Every line is checked: metric and label names, label-value escapes ({@code \\ \" \n}), values
 * (decimal, {@code NaN}, {@code +Inf}, {@code -Inf}), optional integer timestamps, {@code # HELP}
 * escapes and {@code # TYPE} keywords; a second {@code # TYPE} line for one name is an error. Only
 * samples the {@link SampleHandler} asks for are decoded into objects, so a 1000-line body of which
 * five lines matter costs five small allocations. The Prometheus Java client ships writers for this
 * format but no parser, hence this class.
 *
 * <p>Not thread-safe; reuse one instance per scrape target ({@link #end()} readies it for the next
 * body, {@link #reset()} after an abandoned one). UTF-8 quoted metric names and OpenMetrics
 * exemplars are rejected as malformed.
 */
public final class PrometheusTextParser {

  /** Receives the samples of one body. */
  public interface SampleHandler {
    /**
     * Whether to decode this sample. {@code sampleName} is a view over the parser's buffer, valid
     * only during the call: compare it (e.g. {@link String#contentEquals}), do not keep it.
     */
    boolean wants(CharSequence sampleName);

    /** A wanted sample, after its whole line was found valid. */
    void sample(Sample sample);
  }

  /** Longest line accepted (LoRA info labels can list many adapters, so be generous). */
  public static final int MAX_LINE_BYTES = 1 << 20;

  private final SampleHandler handler;
  private final NameView nameView = new NameView();
  private final LabelSetScanner labelSets = new LabelSetScanner();
  private final Set<String> typedNames = new HashSet<>();
  private byte[] buf = new byte[16 * 1024];
  private int len;
  private int lineNumber;
  // The family opened by the last # TYPE line; later sample names are matched against it.
  private FamilyHeader family;

  public PrometheusTextParser(SampleHandler handler) {
    this.handler = handler;
  }

  /** Parses a whole body in one go; for tests and small inputs. */
  public static List<Sample> parseAll(String body) {
    List<Sample> samples = new ArrayList<>();
    PrometheusTextParser parser =
        new PrometheusTextParser(
            new SampleHandler() {
              @Override
              public boolean wants(CharSequence sampleName) {
                return true;
              }

              @Override
              public void sample(Sample sample) {
                samples.add(sample);
              }
            });
    parser.feed(Buffer.buffer(body));
    parser.end();
    return samples;
  }

  /** Consumes the next chunk of the body; complete lines are parsed at once. */
  public void feed(Buffer chunk) {
    int n = chunk.length();
    if (len + n > buf.length) {
      byte[] bigger = new byte[Math.max(buf.length * 2, len + n)];
      System.arraycopy(buf, 0, bigger, 0, len);
      buf = bigger;
    }
    chunk.getBytes(0, n, buf, len);
    int scanFrom = len;
    len += n;
    int lineStart = 0;
    for (int i = scanFrom; i < len; i++) {
      if (buf[i] == '\n') {
        line(lineStart, i);
        lineStart = i + 1;
      }
    }
    if (lineStart > 0) {
      System.arraycopy(buf, lineStart, buf, 0, len - lineStart);
      len -= lineStart;
    }
    if (len > MAX_LINE_BYTES) {
      throw error("line longer than " + MAX_LINE_BYTES + " bytes");
    }
  }

  /** Parses a last line without a newline, if any, and readies the parser for the next body. */
  public void end() {
    try {
      if (len > 0) {
        line(0, len);
      }
    } finally {
      reset();
    }
  }

  /** Forgets a partly parsed body. */
  public void reset() {
    len = 0;
    lineNumber = 0;
    typedNames.clear();
    family = null;
  }

  private void line(int start, int end) {
    lineNumber++;
    if (end > start && buf[end - 1] == '\r') {
      end--;
    }
    int p = skipBlanks(buf, start, end);
    if (p == end) {
      return;
    }
    if (buf[p] == '#') {
      comment(p + 1, end);
    } else {
      sampleLine(p, end);
    }
  }

  private void comment(int p, int end) {
    p = skipBlanks(buf, p, end);
    int keywordEnd = tokenEnd(buf, p, end);
    boolean help = regionEquals(buf, p, keywordEnd, "HELP", "");
    if (!help && !regionEquals(buf, p, keywordEnd, "TYPE", "")) {
      return; // a plain comment
    }
    int nameStart = skipBlanks(buf, keywordEnd, end);
    int nameEnd = metricNameEnd(buf, nameStart, end);
    if (nameEnd == nameStart || (nameEnd < end && !isBlank(buf[nameEnd]))) {
      throw error("expected a metric name after # " + (help ? "HELP" : "TYPE"));
    }
    if (help) {
      checkDocstring(nameEnd, end);
      return;
    }
    int typeStart = skipBlanks(buf, nameEnd, end);
    int typeEnd = tokenEnd(buf, typeStart, end);
    MetricType type = MetricType.fromKeyword(buf, typeStart, typeEnd);
    if (type == null) {
      throw error("unknown metric type '" + ascii(buf, typeStart, typeEnd) + "'");
    }
    if (skipBlanks(buf, typeEnd, end) != end) {
      throw error("unexpected text after the metric type");
    }
    String name = ascii(buf, nameStart, nameEnd);
    if (!typedNames.add(name)) {
      throw error("second # TYPE line for " + name);
    }
    family = FamilyHeader.of(name, type);
  }

  private void checkDocstring(int p, int end) {
    for (int i = p; i < end; i++) {
      if (buf[i] == '\\') {
        if (i + 1 == end || (buf[i + 1] != '\\' && buf[i + 1] != 'n')) {
          throw error("invalid escape in # HELP text");
        }
        i++;
      }
    }
  }

  private void sampleLine(int p, int end) {
    int nameEnd = metricNameEnd(buf, p, end);
    if (nameEnd == p) {
      throw error("expected a metric name");
    }
    if (nameEnd < end && buf[nameEnd] != '{' && !isBlank(buf[nameEnd])) {
      throw error("invalid character in metric name");
    }
    int afterName = skipBlanks(buf, nameEnd, end);
    boolean hasLabels = afterName < end && buf[afterName] == '{';
    boolean wanted = handler.wants(nameView.of(buf, p, nameEnd));
    Map<String, String> labels = wanted ? new LinkedHashMap<>() : null;
    int q = nameEnd;
    if (hasLabels) {
      try {
        q = labelSets.scan(buf, afterName + 1, end, labels);
      } catch (IllegalArgumentException badLabels) {
        throw error(badLabels.getMessage());
      }
    }
    int valueStart = skipBlanks(buf, q, end);
    int valueEnd = tokenEnd(buf, valueStart, end);
    if (valueStart == end) {
      throw error("missing value");
    }
    if (!TextFormatTokens.isFloat(buf, valueStart, valueEnd)) {
      throw error("invalid value '" + ascii(buf, valueStart, valueEnd) + "'");
    }
    OptionalLong timestamp = OptionalLong.empty();
    int tsStart = skipBlanks(buf, valueEnd, end);
    if (tsStart < end) {
      int tsEnd = tokenEnd(buf, tsStart, end);
      long ts = TextFormatTokens.timestamp(buf, tsStart, tsEnd);
      if (ts == TextFormatTokens.BAD_TIMESTAMP || skipBlanks(buf, tsEnd, end) != end) {
        throw error("invalid timestamp or trailing text");
      }
      timestamp = wanted ? OptionalLong.of(ts) : timestamp;
    }
    if (wanted) {
      double value = TextFormatTokens.floatValue(buf, valueStart, valueEnd);
      handler.sample(sample(p, nameEnd, labels, value, timestamp));
    }
  }

  private Sample sample(
      int nameStart, int nameEnd, Map<String, String> labels, double value, OptionalLong ts) {
    String name = ascii(buf, nameStart, nameEnd);
    int suffix = family == null ? -1 : family.suffixLength(buf, nameStart, nameEnd);
    if (suffix < 0) {
      return new Sample(name, name, MetricType.UNTYPED, labels, value, ts);
    }
    String familyName = name.substring(0, name.length() - suffix);
    return new Sample(name, familyName, family.type(), labels, value, ts);
  }

  private PrometheusFormatException error(String message) {
    return new PrometheusFormatException(lineNumber, message);
  }
}
