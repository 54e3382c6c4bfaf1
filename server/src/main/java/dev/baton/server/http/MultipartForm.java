package dev.baton.server.http;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of a {@code multipart/form-data} body (vLLM's {@code /v1/audio/*} uploads), located in
 * place: Baton reads the text fields it routes by ({@code model}) and forwards the body's own bytes,
 * so an audio file is never copied or decoded.
 *
 * @param parts every part, in body order
 */
record MultipartForm(List<Part> parts) {

  /**
   * One part: its {@code name}, its {@code filename} (null for a text field) and where its content
   * lies in the body.
   */
  record Part(String name, String filename, int start, int end) {
    int length() {
      return end - start;
    }
  }

  /** The boundary of a {@code multipart/form-data} content type, or empty for any other type. */
  static Optional<String> boundary(String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return Optional.empty();
    }
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String value = p.substring("boundary=".length());
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** Locates the parts of {@code body}; 400 when it is not a well-formed form with this boundary. */
  static MultipartForm parse(Buffer body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw malformed();
    }
    List<Part> parts = new ArrayList<>();
    int pos = at + delimiter.length;
    while (true) {
      if (startsWith(body, pos, "--")) {
        return new MultipartForm(List.copyOf(parts));
      }
      if (!startsWith(body, pos, "\r\n")) {
        throw malformed();
      }
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
      if (headersEnd < 0) {
        throw malformed();
      }
      String headers = body.getString(pos + 2, headersEnd, "ISO-8859-1");
      int contentStart = headersEnd + 4;
      int contentEnd = indexOf(body, next, contentStart);
      if (contentEnd < 0) {
        throw malformed();
      }
      String disposition = dispositionOf(headers);
      String name = parameter(disposition, "name");
      if (name == null) {
        throw malformed();
      }
      parts.add(new Part(name, parameter(disposition, "filename"), contentStart, contentEnd));
      pos = contentEnd + next.length;
    }
  }

  /** The first text field called {@code name}. */
  Optional<Part> field(String name) {
    return parts.stream().filter(p -> p.filename() == null && p.name().equals(name)).findFirst();
  }

  /** Bytes of every text field (not files): what the prompt limits measure. */
  int textBytes() {
    return parts.stream().filter(p -> p.filename() == null).mapToInt(Part::length).sum();
  }

  private static String dispositionOf(String headers) {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("content-disposition")) {
        return line.substring(colon + 1);
      }
    }
    throw malformed();
  }

  /** A {@code key="value"} (or unquoted) parameter of a Content-Disposition; null when absent. */
  private static String parameter(String disposition, String key) {
    for (String param : disposition.split(";")) {
      String p = param.strip();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase(key)) {
        String value = p.substring(eq + 1).strip();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1) : value;
      }
    }
    return null;
  }

  private static boolean startsWith(Buffer body, int pos, String text) {
    if (pos + text.length() > body.length()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (body.getByte(pos + i) != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(Buffer body, byte[] needle, int from) {
    int last = body.length() - needle.length;
    for (int i = from; i <= last; i++) {
      if (body.getByte(i) == needle[0]) {
        int j = 1;
        while (j < needle.length && body.getByte(i + j) == needle[j]) {
          j++;
        }
        if (j == needle.length) {
          return i;
        }
      }
    }
    return -1;
  }

  private static BadRequestException malformed() {
    return BadRequestException.of("The multipart/form-data body is malformed", null,
        "invalid_multipart");
  }
}
