package dev.baton.server.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random SSE events shaped like OpenAI stream chunks, valid JSON with hostile content (escaped
 * quotes and braces in strings, field names inside strings, repeated fields, values of the wrong
 * type, unicode, deep nesting), framed in every way SSE allows, and byte-level mutations of them.
 */
final class RandomEvents {
  private static final String[] PIECES = {
    "a", "token", " ", "\"", "\\", "{", "}", "[", "]", ",", ":", "usage", "choices", "\"usage\":{",
    "\"content\":\"x\"", "é", "中文", "😀", "\n", "\t", "/", "\u0001", "\u007f", "\u2028", "null",
  };
  private static final String[] SPACE = {"", "", "", " ", "  ", "\t", "\r"};
  private static final byte[] NOISE = {'"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '-', '.',
    'e', 't', 'n', 'u', 1, (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, (byte) 0x80, (byte) 0xED, '\n', '\r'};

  private final Random random;
  /** When set, some field names are written with \\u escapes (which the scanner leaves to Jackson). */
  private final boolean escapedNames;

  RandomEvents(long seed, boolean escapedNames) {
    this.random = new Random(seed);
    this.escapedNames = escapedNames;
  }

  /** A valid JSON object shaped like a chat or completions chunk, a usage chunk, or an error. */
  String chunk() {
    List<String> members = new ArrayList<>();
    members.add(member("id", string()));
    members.add(member("object", quote(random.nextBoolean() ? "chat.completion.chunk" : "text_completion")));
    if (random.nextInt(4) == 0) {
      members.add(member("created", Integer.toString(random.nextInt(Integer.MAX_VALUE))));
    }
    int choicesFields = random.nextInt(10) == 0 ? 2 : random.nextInt(12) == 0 ? 0 : 1;
    for (int i = 0; i < choicesFields; i++) {
      members.add(member("choices", random.nextInt(15) == 0 ? any(2) : choices()));
    }
    int usageFields = random.nextInt(3) == 0 ? 1 : random.nextInt(15) == 0 ? 2 : 0;
    for (int i = 0; i < usageFields; i++) {
      members.add(member("usage", random.nextInt(6) == 0 ? any(2) : usage()));
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      members.add(member(pick("model", "system_fingerprint", "prompt_logprobs", "x"), any(1 + random.nextInt(4))));
    }
    Collections.shuffle(members, random);
    return object(members);
  }

  /**
   * The chunks of one stream: each opens with the same members ({@code id}, {@code object}, maybe
   * more, some named {@code choices} or {@code usage} too), as vLLM's do, and goes on with its own.
   */
  List<String> stream(int chunks) {
    List<String> head = new ArrayList<>();
    head.add(member("id", string()));
    head.add(member("object", quote("chat.completion.chunk")));
    for (int i = random.nextInt(4); i > 0; i--) {
      head.add(member(pick("created", "model", "x", "choices", "usage"), any(2)));
    }
    String opening = "{" + space() + String.join(",", head) + ",";
    List<String> out = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      out.add(opening + chunk().substring(1));
    }
    return out;
  }

  private String choices() {
    List<String> elements = new ArrayList<>();
    for (int i = random.nextInt(random.nextInt(8) == 0 ? 5 : 2) + (random.nextInt(8) == 0 ? 0 : 1); i > 0; i--) {
      elements.add(random.nextInt(12) == 0 ? any(2) : choice(i));
    }
    return array(elements);
  }

  private String choice(int index) {
    List<String> members = new ArrayList<>();
    members.add(member("index", Integer.toString(index)));
    if (random.nextBoolean()) {
      members.add(member("text", stringOrOther()));
    }
    if (random.nextBoolean()) {
      members.add(member("delta", random.nextInt(10) == 0 ? any(2) : delta()));
    }
    if (random.nextInt(5) == 0) { // repeated: the last one counts
      members.add(member(pick("text", "delta"), random.nextBoolean() ? stringOrOther() : delta()));
    }
    members.add(member(pick("logprobs", "finish_reason", "stop_reason"),
        random.nextBoolean() ? "null" : object(List.of(member("content", any(3)), member("text", string())))));
    Collections.shuffle(members, random);
    return object(members);
  }

  private String delta() {
    List<String> members = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      String name = pick("content", "reasoning_content", "reasoning", "tool_calls", "role", "contents");
      String value = name.equals("tool_calls") && random.nextInt(3) > 0
          ? array(random.nextBoolean() ? List.of() : List.of(any(2))) : stringOrOther();
      members.add(member(name, value));
    }
    return object(members);
  }

  private String usage() {
    List<String> members = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      String count = pick("0", "-0", "7", "34", "-3", "3.0", "1e2", "2147483647", "2147483648",
          "99999999999999999999", "null", "\"5\"", "{}", "[1]", "true");
      members.add(member(pick("prompt_tokens", "completion_tokens", "total_tokens"), count));
    }
    if (random.nextBoolean()) {
      members.add(member("prompt_tokens_details", random.nextBoolean() ? "null" : any(2)));
    }
    return object(members);
  }

  /** Any JSON value, nesting at most {@code depth} more levels. */
  private String any(int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> string();
      case 1 -> pick("0", "-1", "12.5", "-0.25e-3", "6E+2", "1234567890123456789012");
      case 2 -> pick("true", "false", "null");
      case 3, 4, 5 -> random.nextBoolean() ? string() : "null";
      case 6 -> {
        List<String> members = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          members.add(member(pick("content", "text", "usage", "choices", "k", "é"), any(depth - 1)));
        }
        yield object(members);
      }
      default -> {
        List<String> elements = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          elements.add(any(depth - 1));
        }
        yield array(elements);
      }
    };
  }

  private String stringOrOther() {
    return random.nextInt(5) == 0 ? any(2) : random.nextInt(4) == 0 ? "\"\"" : string();
  }

  /** A random JSON string, possibly empty, with hostile characters and escapes. */
  String string() {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      s.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return quote(s.toString());
  }

  /** A JSON string of {@code s}: escapes where JSON needs them, and some where it allows them. */
  private String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n' && random.nextBoolean()) {
        out.append("\\n");
      } else if (c < 0x20 || random.nextInt(20) == 0) {
        out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
      } else if (c == '/' && random.nextBoolean()) {
        out.append("\\/");
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private String member(String name, String value) {
    String written = escapedNames && random.nextInt(8) == 0
        ? "\"\\u" + String.format("%04x", (int) name.charAt(0)) + name.substring(1) + "\"" : "\"" + name + "\"";
    return space() + written + space() + ":" + space() + value + space();
  }

  private String object(List<String> members) {
    return "{" + space() + String.join(",", members) + space() + "}";
  }

  private String array(List<String> elements) {
    List<String> spaced = new ArrayList<>();
    elements.forEach(e -> spaced.add(space() + e + space()));
    return "[" + space() + String.join(",", spaced) + "]";
  }

  private String space() {
    return SPACE[random.nextInt(SPACE.length)];
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  /** {@code json} framed as an SSE event: one data line or several, LF or CRLF, other fields. */
  String frame(String json) {
    String eol = random.nextBoolean() ? "\n" : "\r\n";
    StringBuilder event = new StringBuilder();
    if (random.nextInt(6) == 0) {
      event.append(pick(": keep-alive", "event: message", "id: 7", "retry: 10")).append(eol);
    }
    if (random.nextInt(6) == 0 && json.length() > 2) { // split into data lines, joined by LF again
      int cut = 1 + random.nextInt(json.length() - 1);
      event.append("data: ").append(json, 0, cut).append(eol).append("data:").append(json.substring(cut));
    } else {
      event.append(random.nextInt(4) == 0 ? "data:" : "data: ").append(json);
    }
    return event.append(random.nextInt(10) == 0 ? "" : eol + eol).toString();
  }

  /** {@code event}'s bytes with one to three random insertions, deletions, changes or a cut. */
  byte[] mutate(String event) {
    List<Byte> bytes = new ArrayList<>();
    for (byte b : event.getBytes(StandardCharsets.UTF_8)) {
      bytes.add(b);
    }
    for (int m = 1 + random.nextInt(3); m > 0 && !bytes.isEmpty(); m--) {
      int at = random.nextInt(bytes.size());
      byte noise = NOISE[random.nextInt(NOISE.length)];
      switch (random.nextInt(4)) {
        case 0 -> bytes.add(at, noise);
        case 1 -> bytes.remove(at);
        case 2 -> bytes.set(at, noise);
        default -> bytes.subList(at, bytes.size()).clear();
      }
    }
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return out;
  }
}
