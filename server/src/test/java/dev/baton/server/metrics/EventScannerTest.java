package dev.baton.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written scanner against Jackson's reader, the oracle: on every event, valid or not,
 * {@link StreamEvent#of} gives exactly what reading it with Jackson alone gives.
 */
class EventScannerTest {
  private static final String CHAT_HEAD = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
      + "\"created\":1764547200,\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"choices\":[{\"index\":0,";

  /** What Baton read before the scanner: the data lines joined, then Jackson's token stream. */
  private static StreamEvent oracle(Buffer event) {
    SseData data = SseData.of(event);
    if (data == null || !data.startsWith('{')) {
      return StreamEvent.counted(-1, 0, Usage.UNKNOWN);
    }
    return JacksonEventReader.read(data);
  }

  /** The scanner alone on one data line's JSON: null when it leaves the event to Jackson. */
  private static StreamEvent scanned(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return new EventScanner().read(bytes, 0, bytes.length);
  }

  private static void assertSameAsJackson(List<Buffer> events) {
    EventScanner scanner = new EventScanner(); // reused, as a stream reuses it
    List<String> differ = new ArrayList<>();
    for (Buffer event : events) {
      StreamEvent expected = oracle(event);
      StreamEvent actual = StreamEvent.of(event, scanner);
      if (!actual.equals(expected)) {
        differ.add(event + " -> " + actual + ", Jackson: " + expected);
      }
    }
    assertThat(differ).as("events read differently from Jackson").isEmpty();
  }

  @Test
  void vllmsEventsAreReadByTheScannerAlone() {
    String role = CHAT_HEAD + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
        + "\"finish_reason\":null}]}";
    String token = CHAT_HEAD + "\"delta\":{\"content\":\" Paris\"},\"logprobs\":null,\"finish_reason\":null}]}";
    String finish = CHAT_HEAD + "\"delta\":{},\"logprobs\":null,\"finish_reason\":\"length\",\"stop_reason\":null}]}";
    String usage = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764547200,"
        + "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":24,\"total_tokens\":56,"
        + "\"completion_tokens\":32,\"prompt_tokens_details\":{\"cached_tokens\":16}}}";
    String text = "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":"
        + "[{\"index\":0,\"text\":\" token\",\"logprobs\":{\"tokens\":[\"a\"],\"token_logprobs\":[-0.25e-1],"
        + "\"top_logprobs\":[{\"a\":-1.5}]},\"finish_reason\":null,\"stop_reason\":null}]}";
    String tool = CHAT_HEAD + "\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\"\"}}]}}]}";
    String reasoning = CHAT_HEAD + "\"delta\":{\"reasoning_content\":\"\\u2028\\\"hm\\\\\"}}]}";

    assertThat(scanned(role)).isEqualTo(new StreamEvent(StreamEvent.Kind.CHOICES, 0, Usage.UNKNOWN));
    assertThat(scanned(token)).isEqualTo(new StreamEvent(StreamEvent.Kind.CHOICES, 1, Usage.UNKNOWN));
    assertThat(scanned(finish)).isEqualTo(new StreamEvent(StreamEvent.Kind.CHOICES, 0, Usage.UNKNOWN));
    assertThat(scanned(usage)).isEqualTo(new StreamEvent(StreamEvent.Kind.USAGE_ONLY, 0, new Usage(24, 32)));
    assertThat(scanned(text)).isEqualTo(new StreamEvent(StreamEvent.Kind.CHOICES, 1, Usage.UNKNOWN));
    assertThat(scanned(tool).tokens()).isOne();
    assertThat(scanned(reasoning).tokens()).isOne();

    // A whole event of one data line is read in place; any other shape goes the SseData way.
    for (String event : List.of("data: " + token + "\n\n", "data:" + token + "\r\n\r\n", "data: " + token)) {
      byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
      assertThat(new EventScanner().readSingleDataLine(bytes, 0, bytes.length).tokens()).as(event).isOne();
    }
    for (String event : List.of(": c\ndata: " + token + "\n\n", "data: " + token + "\ndata: {}\n\n",
        "data: " + token + " \n\n", "data: {\"choices\":\n[{\"text\":\"a\"}]}\n\n", "data:  " + token + "\n\n")) {
      byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
      assertThat(new EventScanner().readSingleDataLine(bytes, 0, bytes.length)).as(event).isNull();
    }
  }

  @Test
  void hostileEventsReadAsJacksonReadsThem() {
    List<String> json = List.of(
        "{\"choices\":[{\"delta\":{\"content\":\"\\\"}\"}}]}",
        "{\"id\":\"usage\",\"choices\":[{\"text\":\"{\\\"usage\\\":{\\\"prompt_tokens\\\":1}}\"}]}",
        "{\"choices\":[{\"text\":\"a\\\\\"}],\"x\":\"\\\\\"}",
        "{\"ch\\u006fices\":[{\"text\":\"a\"}]}", // an escaped name Jackson reads as choices
        "{\"choices\":[{\"delt\\u0061\":{\"content\":\"a\"}}],\"usag\\u0065\":{\"prompt_tokens\":2}}",
        "{\"choices\":[{\"text\":\"x\"}]} trailing, not read",
        "{\"choices\":[{\"text\":\"\\ud800\"}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"x\",\"content\":\"\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":\"x\"},\"delta\":{}}]}",
        "{\"usage\":{\"prompt_tokens\":1},\"usage\":null,\"choices\":[]}",
        "{\"usage\":{\"prompt_tokens\":2147483648,\"completion_tokens\":-0},\"choices\":[]}",
        "{\"usage\":{\"prompt_tokens\":3.0,\"completion_tokens\":1,\"completion_tokens\":4},\"choices\":[]}",
        "{\"choices\":[1,\"x\",null,[],{\"text\":\"y\"},{\"text\":7}]}",
        "{\"choices\":[{\"text\":\"é中😀\"}], \"model\" : \"\\/\\b\\f\\n\\r\\t\" }",
        "{ \"choices\" : [ { \"delta\" : { \"tool_calls\" : [ ] } } ] }",
        "{\n\t\"choices\":\r[{\"text\":\"a\"}]}",
        "{\"choices\":[{\"text\":\"a\"}],}", "{\"choices\":[{\"text\":\"a\"},]}", "{\"choices\":[,]}",
        "{\"choices\":[{\"text\":tru}]}", "{\"choices\":[{\"text\":nul}]}", "{\"x\":01,\"choices\":[]}",
        "{\"x\":1.,\"choices\":[]}", "{\"x\":-,\"choices\":[]}", "{\"x\":+1,\"choices\":[]}",
        "{\"x\":.5,\"choices\":[]}", "{\"x\":1e,\"choices\":[]}", "{\"x\":NaN,\"choices\":[]}",
        "{\"x\":truex,\"choices\":[]}", "{/* c */\"choices\":[]}", "{'choices':[]}",
        "{\"choices\":[{\"text\":\"a\u0001\"}]}", "{\f\"choices\":[]}", "{\"choices\":[{\"text\":\"\\x\"}]}",
        "{\"choices\":[{\"text\":\"\\u12G4\"}]}", "{\"choices\":[{\"text\":\"\\u12\"}]}", "{\"choices\"",
        "{\"choices\":[{\"text\":\"a\"}]", "{\"x\":" + "1".repeat(150) + ",\"choices\":[{\"text\":\"a\"}]}",
        "{\"x\":" + "1".repeat(1500) + ",\"choices\":[{\"text\":\"a\"}]}",
        "{\"x\":" + "[".repeat(300) + "]".repeat(300) + ",\"choices\":[{\"text\":\"a\"}]}",
        "{\"x\":" + "[".repeat(1200) + "]".repeat(1200) + ",\"choices\":[{\"text\":\"a\"}]}",
        "{\"" + "n".repeat(2000) + "\":1,\"choices\":[{\"text\":\"a\"}]}");
    List<Buffer> events = new ArrayList<>();
    for (String j : json) {
      events.add(Buffer.buffer("data: " + j + "\n\n"));
    }
    for (String other : List.of("data: [DONE]\n\n", "data:\n\n", ": ping\n\n", "data: not json\n\n",
        "data:  {\"choices\":[]}\n\n", "data: \uFEFF{\"choices\":[]}\n\n", "event: x\n\n", "")) {
      events.add(Buffer.buffer(other));
    }
    // Bytes that are not UTF-8 in a string: a stray continuation, an overlong form, a surrogate, a cut.
    for (byte[] bad : new byte[][] {{(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0,
        (byte) 0x80}, {(byte) 0xE4, (byte) 0xB8}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}}) {
      events.add(Buffer.buffer("data: {\"choices\":[{\"text\":\"").appendBytes(bad).appendString("\"}]}\n\n"));
    }
    assertSameAsJackson(events);
    // Not vacuous: these read as written, whoever reads them.
    assertThat(StreamEvent.of(events.get(1)).tokens()).isOne();
    assertThat(StreamEvent.of(events.get(3)).tokens()).isOne();
    assertThat(StreamEvent.of(events.get(7)).tokens()).isZero();
    assertThat(StreamEvent.of(events.get(10)).usage()).isEqualTo(new Usage(-1, 0));
    assertThat(StreamEvent.of(events.get(11)).usage()).isEqualTo(new Usage(-1, 4));
    assertThat(StreamEvent.of(events.get(12)).tokens()).isOne();
    assertThat(StreamEvent.of(events.get(json.size() - 3)).tokens()).isOne(); // 300 deep: Jackson reads it
    assertThat(StreamEvent.of(events.get(json.size() - 2)).kind()).isEqualTo(StreamEvent.Kind.OTHER);
    assertThat(scanned(json.get(3))).isNull(); // the escaped name went to Jackson
  }

  @Test
  void aStringsSpecialByteAtEveryOffsetOfAWordReadsAsJacksonReadsIt() {
    // Quotes, escapes, control bytes, UTF-8 valid and not, at offsets 0..15 of a string that is a
    // value and a name; each event a slice starting 0..8 bytes into its array, some cut at its end.
    byte[][] specials = {{'"'}, {'\\', '"'}, {'\\', 'u', '0', '0', 'e', '9'}, {'\\', 'q'}, {0x01}, {0x1F},
        {'\n'}, {0x7F}, {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
        {(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE4}};
    List<Buffer> events = new ArrayList<>();
    for (byte[] special : specials) {
      for (int at = 0; at < 16; at++) {
        for (int tail : new int[] {0, 1, 7, 8, 9}) {
          Buffer string = Buffer.buffer("a".repeat(at)).appendBytes(special).appendString("b".repeat(tail));
          Buffer event = Buffer.buffer("data: {\"choices\":[{\"text\":\"").appendBuffer(string)
              .appendString("\"}],\"").appendBuffer(string).appendString("\":1}\n\n");
          for (int pad = 0; pad < 9; pad++) {
            byte[] padded = Buffer.buffer("#".repeat(pad)).appendBuffer(event).getBytes();
            events.add(Buffer.buffer(padded).slice(pad, padded.length)); // ends where its array ends
            events.add(Buffer.buffer(padded).appendString("#").slice(pad, padded.length));
            // Cut just after the name's special byte: the string runs into the array's end.
            events.add(Buffer.buffer(padded).slice(pad, padded.length - 6 - tail));
          }
        }
      }
    }
    // The premise of "ends where its array ends": Vert.x keeps a byte[] buffer in an array of that size.
    assertThat(HeapBytes.of(Buffer.buffer(new byte[99]).slice(5, 99)).array()).hasSize(99);
    assertSameAsJackson(events);
    // Not vacuous: the scanner reads these itself, at every offset (an escaped name goes to Jackson).
    for (int at = 0; at < 16; at++) {
      String name = "a".repeat(at) + "é😀" + "b".repeat(at);
      String json = "{\"choices\":[{\"text\":\"" + name + "\\\"\"}],\"" + name + "\":1}";
      assertThat(scanned(json)).as(json).isNotNull().extracting(StreamEvent::tokens).isEqualTo(1);
    }
  }

  @Test
  void randomEventsReadAsJacksonReadsThem() {
    List<Buffer> events = new ArrayList<>();
    for (long seed = 0; seed < 4; seed++) {
      RandomEvents random = new RandomEvents(seed, seed % 2 == 1);
      for (int i = 0; i < 5_000; i++) {
        events.add(Buffer.buffer(random.frame(random.chunk())));
      }
    }
    assertSameAsJackson(events);
    long counted = events.stream().map(StreamEvent::of).filter(e -> e.kind() != StreamEvent.Kind.OTHER).count();
    assertThat(counted).as("events with choices or usage").isGreaterThan(events.size() / 2);
  }

  @Test
  void mutatedEventsReadAsJacksonReadsThem() {
    List<Buffer> events = new ArrayList<>();
    RandomEvents random = new RandomEvents(42, false);
    for (int i = 0; i < 20_000; i++) {
      events.add(Buffer.buffer(random.mutate(random.frame(random.chunk()))));
    }
    assertSameAsJackson(events);
  }

  @Test
  void eventsOpeningWithTheLastOnesHeadReadAsJacksonReadsThem() {
    List<Buffer> events = new ArrayList<>();
    for (long seed = 0; seed < 40; seed++) {
      RandomEvents random = new RandomEvents(seed, seed % 4 == 3);
      for (String json : random.stream(100)) {
        String event = random.frame(json);
        events.add(seed % 2 == 0 ? Buffer.buffer(event) : Buffer.buffer(random.mutate(event)));
      }
    }
    String head = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":17,\"model\":\"m\",";
    for (String tail : List.of("\"choices\":[{\"text\":\"a\"}]}", " \"choices\":[{\"text\":\"a\"}]}",
        "\t\r\"choices\":[{\"text\":\"a\"}]}", "\n\"choices\":[{\"text\":\"a\"}]}", "}", "",
        "\"choices\":[{\"text\":\"a\"}]", "\"usage\":{\"prompt_tokens\":3},\"choices\":[]}",
        "\"choices\":[{\"delta\":{\"content\":\"\"}}],\"choices\":7}", ",\"choices\":[]}", "\"x\":1}",
        "\"ch\\u006fices\":[{\"text\":\"a\"}]}", "\"choices\":[{\"text\":\"a\"}]} \"choices\":[]")) {
      events.add(Buffer.buffer("data: " + head + "\"choices\":[]}\n\n")); // the head kept, then
      events.add(Buffer.buffer("data: " + head + tail + "\n\n"));
      events.add(Buffer.buffer("data:" + head + tail + "\r\n\r\n"));
    }
    assertSameAsJackson(events);
  }

  @Test
  void aStreamsSharedHeadIsReadOnce() {
    String json = CHAT_HEAD + "\"delta\":{\"content\":\" Paris\"},\"logprobs\":null,\"finish_reason\":null}]}";
    byte[] bytes = ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    EventScanner scanner = new EventScanner();
    assertThat(scanner.readSingleDataLine(bytes, 0, bytes.length).tokens()).isOne();
    int head = json.indexOf("\"choices\"");
    assertThat(scanner.headBytes()).isEqualTo(head); // up to the first member that counts
    EventHead kept = new EventHead();
    kept.remember(bytes, 6, 6 + head);
    assertThat(kept.resume(bytes, 6, bytes.length)).isEqualTo(6 + head);
    byte[] other = bytes.clone();
    other[6 + head - 2] = 'x'; // the model's last byte
    assertThat(kept.resume(other, 6, other.length)).isEqualTo(-1);
    assertThat(kept.resume(bytes, 6, 6 + head)).as("nothing after the head").isEqualTo(-1);
    // The next event, with other content after the same head, is read from there, as Jackson reads it.
    byte[] next = ("data: " + json.replace(" Paris", "")).getBytes(StandardCharsets.UTF_8);
    assertThat(scanner.readSingleDataLine(next, 0, next.length).tokens()).isZero();
  }

  @Test
  void tokenEventsOfTheLastOnesShapeReadAsJacksonReadsThem() {
    // A stream's token events differ in their string only: after one is read whole, the next ones
    // are matched around their string. Runs of each shape, with strings of every kind (empty,
    // escaped, UTF-8, quotes and braces that shift what follows when misread, other values),
    // events cut or with bytes changed, and runs of other shapes between.
    List<String> shapes = List.of(
        CHAT_HEAD + "\"delta\":{\"content\":%s},\"logprobs\":null,\"finish_reason\":null}]}",
        "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\",\"choices\":"
            + "[{\"index\":0,\"text\":%s,\"logprobs\":null,\"finish_reason\":null,\"stop_reason\":null}],"
            + "\"usage\":null}",
        CHAT_HEAD + "\"delta\":{\"reasoning_content\":%s}}]}",
        "{\"choices\":[{\"delta\":{\"content\":%s}},{\"delta\":{\"content\":\"\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":%s,\"content\":\"\"}}]}",
        "{\"choices\":[{\"delta\":{\"content\":%s}}],\"usage\":{\"prompt_tokens\":1}}",
        "{\"choices\":[{\"text\":%s}]} ,\"x\":1}",
        "{\"choices\":[{\"text\":%s}]}");
    List<String> values = List.of("\"a\"", "\"\"", "\" token\"", "\"\\\"},\\\"finish_reason\\\":null}]}\"",
        "\"é中😀\"", "\"\\u0041\\n\"", "\"a\\\"\"", "7", "null", "\"a\" ", "\"a\"\n", "\"a", "\"\u0001\"",
        "\"}]}\"", "{\"content\":\"a\"}");
    RandomEvents random = new RandomEvents(11, false);
    java.util.Random pick = new java.util.Random(11);
    List<Buffer> events = new ArrayList<>();
    while (events.size() < 30_000) {
      String shape = shapes.get(pick.nextInt(shapes.size()));
      for (int run = 1 + pick.nextInt(20); run > 0; run--) {
        String value = pick.nextInt(3) == 0 ? values.get(pick.nextInt(values.size())) : random.string();
        String event = "data: " + shape.formatted(value) + "\n\n";
        int how = pick.nextInt(10);
        events.add(how == 0 ? Buffer.buffer(random.mutate(event))
            : how == 1 ? Buffer.buffer(random.frame(shape.formatted(value))) : Buffer.buffer(event));
      }
    }
    // Bytes that are no UTF-8 in the string of a kept shape.
    byte[] token = ("data: " + shapes.get(0).formatted("\"ab\"") + "\n\n").getBytes(StandardCharsets.UTF_8);
    int at = ("data: " + shapes.get(0).formatted("\"ab\"")).indexOf("ab");
    for (byte b : new byte[] {(byte) 0xFF, (byte) 0xC3, (byte) 0x80, (byte) 0xED, 0x7F, 0x1F, '"', '\\'}) {
      byte[] bad = token.clone();
      bad[at] = b;
      events.addAll(List.of(Buffer.buffer(token), Buffer.buffer(bad)));
    }
    assertSameAsJackson(events);
  }

  @Test
  void aTokenEventOfTheLastOnesShapeIsMatchedAroundItsString() {
    String json = CHAT_HEAD + "\"delta\":{\"content\":\" Paris\"},\"logprobs\":null,\"finish_reason\":null}]}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    int open = json.indexOf("\" Paris");
    TokenEventShape shape = new TokenEventShape();
    StreamEvent read = StreamEvent.counted(1, 1, Usage.UNKNOWN);
    shape.remember(bytes, 0, open, open + 7, bytes.length, read);
    JsonCursor cursor = new JsonCursor();
    for (String other : List.of(" Rome", "x", "a\\\"b", "\\u00e9t\\u00e9", "é")) {
      byte[] next = json.replace(" Paris", other).getBytes(StandardCharsets.UTF_8);
      assertThat(shape.match(cursor, next, 0, next.length)).as(other).isSameAs(read);
      assertThat(cursor.position()).isEqualTo(next.length);
    }
    for (String other : List.of("", "a\"", "a\\", "\u0001", "Paris\"},{\"x\":\"")) {
      byte[] next = json.replace(" Paris", other).getBytes(StandardCharsets.UTF_8);
      assertThat(shape.match(cursor, next, 0, next.length)).as(other).isNull();
    }
    byte[] otherTail = json.replace("null}]}", "nul1}]}").getBytes(StandardCharsets.UTF_8);
    assertThat(shape.match(cursor, otherTail, 0, otherTail.length)).isNull();
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
    assertThat(shape.match(cursor, cut, 0, cut.length)).isNull();
    byte[] otherHead = json.replace("chatcmpl-1", "chatcmpl-2").getBytes(StandardCharsets.UTF_8);
    assertThat(shape.match(cursor, otherHead, 0, otherHead.length)).isNull();
  }

  @Test
  void namesMatchedWhereTheyLieReadAsJacksonReadsThem() {
    // Every name the scanner matches in place, and names one byte off them, in events that end
    // where their array ends with 0..9 bytes after the name (too few to read a word: scanned).
    List<String> names = new ArrayList<>();
    for (String name : List.of("choices", "usage", "id", "object", "created", "model", "system_fingerprint",
        "index", "delta", "text", "logprobs", "finish_reason", "stop_reason", "content", "role",
        "reasoning_content", "reasoning", "tool_calls")) {
      names.addAll(List.of(name, name + "s", name.substring(1), name.substring(0, name.length() - 1),
          name.toUpperCase(), "\\u00" + Integer.toHexString(name.charAt(0)) + name.substring(1)));
    }
    List<Buffer> events = new ArrayList<>();
    for (String name : names) {
      String value = "\"" + name + "\":\"v\"";
      for (String json : List.of("{" + value + ",\"choices\":[{\"delta\":{\"content\":\"a\"}}]}",
          "{\"choices\":[{" + value + ",\"text\":\"a\"}]}", "{\"choices\":[{\"delta\":{" + value + "}}]}",
          "{\"choices\":[{\"delta\":{\"content\":\"\"," + value.replace("\"v\"", "[1]") + "}}]}")) {
        byte[] whole = ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        int at = ("data: " + json).indexOf(value) + 1;
        for (int cut = at; cut <= Math.min(whole.length, at + name.length() + 10); cut++) {
          events.add(Buffer.buffer(Arrays.copyOf(whole, cut)));
        }
        events.add(Buffer.buffer(whole));
      }
    }
    assertSameAsJackson(events);
    // Not vacuous: in place, prefixes and longer names are told apart, and nothing past the array is read.
    MemberNames known = new MemberNames("reasoning_content", "reasoning", "id");
    byte[] bytes = "\"reasoning\":1,\"reasoning_content\":2,\"idx\":3,\"id\"".getBytes(StandardCharsets.US_ASCII);
    assertThat(known.at(bytes, 1, bytes.length)).isEqualTo(1);
    assertThat(known.at(bytes, 15, bytes.length)).isZero();
    assertThat(known.at(bytes, 15, 15 + 17)).as("its quote past the end").isEqualTo(-1);
    assertThat(known.at(bytes, 38, bytes.length)).isEqualTo(-1);
    assertThat(known.at(bytes, bytes.length - 3, bytes.length)).as("too near the array's end").isEqualTo(-1);
    assertThat(known.indexOf(bytes, bytes.length - 3, bytes.length - 1)).isEqualTo(2);
  }

  @Test
  void validEventsWithPlainNamesNeverNeedJackson() {
    RandomEvents random = new RandomEvents(7, false);
    for (int i = 0; i < 5_000; i++) {
      String json = random.chunk();
      assertThat(scanned(json)).as(json).isNotNull().isEqualTo(oracle(Buffer.buffer("data: " + json)));
    }
  }
}
