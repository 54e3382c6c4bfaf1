package dev.baton.sim.tokenizer;

import java.util.List;

/**
 * Renders a conversation the way Llama 3.1's chat template does, so that chat prompts tokenize to
 * realistic lengths and identical conversation prefixes share cached blocks:
 * {@code <|begin_of_text|>} then, per message, {@code <|start_header_id|>role<|end_header_id|>\n\n
 * content<|eot_id|>}, then the assistant header the model continues from.
 */
public final class ChatTemplate {

  /** One message: its role and its text content. */
  public record Message(String role, String content) {}

  private ChatTemplate() {}

  public static String render(List<Message> messages) {
    StringBuilder sb = new StringBuilder("<|begin_of_text|>");
    for (Message m : messages) {
      sb.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n");
      sb.append(m.content()).append("<|eot_id|>");
    }
    return sb.append("<|start_header_id|>assistant<|end_header_id|>\n\n").toString();
  }
}
