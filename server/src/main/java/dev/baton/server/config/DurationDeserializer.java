package dev.baton.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way operators write them: {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h},
 * {@code 1d}, or ISO-8601 such as {@code PT2S}. A bare number is rejected, since its unit would be a
 * guess.
 */
public final class DurationDeserializer extends StdScalarDeserializer<Duration> {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  public DurationDeserializer() {
    super(Duration.class);
  }

  @Override
  public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return (Duration)
          ctxt.handleUnexpectedToken(
              Duration.class, p.currentToken(), p,
              "expected a duration string such as \"100ms\", \"2s\", \"1m\" or \"PT2S\"");
    }
    String text = p.getText().trim();
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, e.getMessage());
    }
  }

  /** Parses one duration; throws {@link IllegalArgumentException} with a readable message. */
  public static Duration parse(String text) {
    Matcher m = SHORT.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not a duration: use e.g. \"100ms\", \"2s\", \"1m\", \"1h\" or ISO-8601 \"PT2S\"");
    }
  }
}
