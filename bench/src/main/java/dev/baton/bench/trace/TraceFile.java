package dev.baton.bench.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads and writes trace files: JSON Lines, one {@link TraceRecord} per line. Reading also accepts
 * Mooncake's published trace lines ({@link MooncakeLine}), told apart by their {@code input_length}
 * key, so a downloaded Mooncake trace replays as it is. Blank lines are skipped.
 */
public final class TraceFile {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private TraceFile() {}

  /** One record as a line of JSON, without the line break. */
  public static String toLine(TraceRecord record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      // Strings, numbers and a list of longs: only a Jackson bug fails here.
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code records} to {@code file}, one line each, replacing it. */
  public static void write(Path file, List<TraceRecord> records) throws IOException {
    StringBuilder text = new StringBuilder(records.size() * 256);
    for (TraceRecord record : records) {
      text.append(toLine(record)).append('\n');
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /**
   * Every record of {@code file} in order of arrival, ties in file order: Baton writes a line when
   * its request ends, so its files are in order of ends, and halves of a trace mean halves in time.
   *
   * @throws IllegalArgumentException naming the file and line of the first line that is neither
   *     format
   */
  public static List<TraceRecord> read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    }
  }

  /** Every record of {@code text} in order of arrival; {@code source} names it in errors. */
  public static List<TraceRecord> parse(String text, String source) {
    try {
      return read(new BufferedReader(new StringReader(text)), source);
    } catch (IOException e) {
      throw new IllegalStateException("a string reader cannot fail", e);
    }
  }

  private static List<TraceRecord> read(BufferedReader in, String source) throws IOException {
    List<TraceRecord> records = new ArrayList<>();
    String line;
    int number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        records.add(parseLine(line));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        throw new IllegalArgumentException(source + ":" + number + ": not a trace line: " + why, e);
      }
    }
    records.sort(Comparator.comparingDouble(TraceRecord::arrivalMs));
    return records;
  }

  private static TraceRecord parseLine(String line) throws JsonProcessingException {
    JsonNode node = JSON.readTree(line);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    if (node.has(MooncakeLine.INPUT_LENGTH)) {
      return MooncakeLine.toRecord(node);
    }
    if (!node.has("arrival_ms") || !node.has("prompt_tokens")) {
      throw new IllegalArgumentException(
          "needs arrival_ms and prompt_tokens (Baton) or timestamp and input_length (Mooncake)");
    }
    return JSON.treeToValue(node, TraceRecord.class);
  }
}
