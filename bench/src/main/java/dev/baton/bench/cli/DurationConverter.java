package dev.baton.bench.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Reads durations the way people type them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, a
 * bare number of seconds ({@code 30}, {@code 0.5}) or ISO-8601 ({@code PT30S}).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("pt")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
      }
      long unitMillis = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
        case 's' -> 1_000L;
        case 'm' -> 60_000L;
        case 'h' -> 3_600_000L;
        default -> 0L;
      };
      String number = unitMillis == 0 ? text : text.substring(0, text.length() - 1).trim();
      double millis = Double.parseDouble(number) * (unitMillis == 0 ? 1_000L : unitMillis);
      if (millis < 0 || Double.isNaN(millis) || Double.isInfinite(millis)) {
        throw new NumberFormatException(value);
      }
      return Duration.ofMillis(Math.round(millis));
    } catch (RuntimeException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration (examples: 500ms, 30s, 2m, 1h)");
    }
  }
}
