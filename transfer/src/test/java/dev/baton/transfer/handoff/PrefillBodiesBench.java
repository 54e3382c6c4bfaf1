package dev.baton.transfer.handoff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * CPU time and allocation of a NIXL split request's body work on one thread, as trees (before issue
 * 18: the prefill body a copy of the client's tree written out, the prefill answer read as a tree,
 * the handle written out for the decode) and as bytes (the prefill body cut from the client's bytes,
 * the answer scanned for the handle, its text spliced into the decode's bytes; the scans first by
 * Jackson's tokens, then, since issue 18's sixth stop, by {@link ValueSkip}), side by side in one
 * JVM, rounds alternating. The bodies are those of docs/runs/diet-c7c1bf1/harness/diet-bench (its
 * chat request and its prefill worker's answer), and the same request with a 14 KB prompt.
 *
 * <p>Run: {@code java -cp <transfer test classpath> dev.baton.transfer.handoff.PrefillBodiesBench
 * [requests per round] [rounds]}; per-thread CPU from ThreadMXBean, bytes from its allocation
 * counter; medians of the rounds.
 */
public final class PrefillBodiesBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
  private static final String SHORT = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Say something short about proxies.\"}],\"max_tokens\":32,\"stream\":true}";
  private static final String ANSWER = "{\"id\":\"cmpl-prefill\",\"object\":\"chat.completion\","
      + "\"created\":1764547200,\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"message\":"
      + "{\"role\":\"assistant\",\"content\":\"x\"},\"finish_reason\":\"length\"}],\"usage\":"
      + "{\"prompt_tokens\":24,\"completion_tokens\":1,\"total_tokens\":25},\"kv_transfer_params\":"
      + "{\"do_remote_prefill\":true,\"do_remote_decode\":false,\"remote_block_ids\":[1,2],"
      + "\"remote_engine_id\":\"bench-engine\",\"remote_request_id\":\"bench-req\","
      + "\"remote_host\":\"127.0.0.1\",\"remote_port\":5600}}";
  private static final NixlDialect NIXL = new NixlDialect();
  /** What the NIXL prefill cuts and puts first, as {@link PrefillShaping} does for a chat. */
  private static final MemberCut.Names REPLACED = new MemberCut.Names(Set.of("stream",
      "stream_options", "max_tokens", "max_completion_tokens", "min_tokens",
      "min_completion_tokens", "kv_transfer_params"));
  private static final AnswerScan.Sought HANDLE = new AnswerScan.Sought("kv_transfer_params",
      List.of("remote_block_ids", "remote_engine_id", "remote_request_id", "remote_host",
          "remote_port"));
  private static final String PREFILL_HEAD = "\"stream\":false,\"max_tokens\":1,"
      + "\"max_completion_tokens\":1,\"kv_transfer_params\":{\"do_remote_decode\":true,"
      + "\"do_remote_prefill\":false,\"remote_engine_id\":null,\"remote_block_ids\":null,"
      + "\"remote_host\":null,\"remote_port\":null}";

  private static volatile Object sink;

  private PrefillBodiesBench() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    String longPrompt = SHORT.replace("Say something short about proxies.",
        "lorem ipsum \\\"dolor\\\" sit amet, ".repeat(450));
    for (String client : new String[] {SHORT, longPrompt}) {
      ObjectNode tree = (ObjectNode) JSON.readTree(client);
      HandoffContext context = new HandoffContext(RequestKind.CHAT, tree,
          MultiMap.caseInsensitiveMultiMap(), null, null);
      Buffer bytes = Buffer.buffer(client);
      Buffer answer = Buffer.buffer(ANSWER);
      double[][] cost = new double[6][rounds];
      for (int r = -2; r < rounds; r++) { // two rounds of warm-up
        for (int variant = 0; variant < 3; variant++) {
          double[] one = run(variant, context, bytes, answer, requests);
          if (r >= 0) {
            cost[variant * 2][r] = one[0];
            cost[variant * 2 + 1][r] = one[1];
          }
        }
      }
      System.out.printf("client body %,d bytes: trees %.2f us %,.0f B, tokens %.2f us %,.0f B, "
          + "scan %.2f us %,.0f B per request%n", client.length(), median(cost[0]), median(cost[1]),
          median(cost[2]), median(cost[3]), median(cost[4]), median(cost[5]));
    }
  }

  /** @param variant 0 trees, 1 bytes by Jackson's tokens, 2 bytes by {@link ValueSkip} */
  private static double[] run(int variant, HandoffContext context, Buffer client, Buffer answer,
      int requests) throws Exception {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    long bytes0 = threads.getThreadAllocatedBytes(id);
    long cpu0 = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < requests; i++) {
      if (variant == 0) {
        sink = Buffer.buffer(NIXL.prefillBody(context).toString());
        KvHandle handle = NIXL.handle((ObjectNode) JSON.readTree(answer.getBytes())).orElseThrow();
        sink = FirstMember.splice(client, "kv_transfer_params", handle.transferParamsJson());
      } else if (variant == 1) {
        byte[] body = client.getBytes();
        sink = MemberCut.write(body, MemberCut.byTokens(body, REPLACED), cut -> PREFILL_HEAD);
        KvHandle handle =
            new KvHandle(AnswerScan.byTokens(answer.getBytes(), HANDLE).orElseThrow().member());
        sink = NIXL.decodeBytes(context, handle, client);
      } else {
        sink = NIXL.prefillBytes(context, client);
        KvHandle handle = NIXL.handle(answer.getBytes()).orElseThrow();
        sink = NIXL.decodeBytes(context, handle, client);
      }
    }
    return new double[] {(threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / requests,
        (double) (threads.getThreadAllocatedBytes(id) - bytes0) / requests};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
