package dev.baton.transfer.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.transfer.call.HttpAnswer;
import dev.baton.transfer.error.UpstreamFailure;
import dev.baton.transfer.handoff.KvHandle;
import dev.baton.transfer.handoff.PrefillResult;

/** How the prefill leg of a sequential handoff ended, retries included. */
sealed interface PrefillOutcome {

  /** The tag the listener and metrics know it by. */
  PrefillResult result();

  /** A usable handle: decode pulls the KV cache. {@code answer} has the prompt parts. */
  record HandedOff(ObjectNode answer, KvHandle handle) implements PrefillOutcome {
    @Override
    public PrefillResult result() {
      return PrefillResult.HANDED_OFF;
    }
  }

  /** A successful answer without a usable handle (null when it was not a JSON object). */
  record NoHandle(ObjectNode answer) implements PrefillOutcome {
    @Override
    public PrefillResult result() {
      return PrefillResult.NO_HANDLE;
    }
  }

  /** A 400-451 answer: the client's error, returned as is. */
  record Refused(HttpAnswer answer) implements PrefillOutcome {
    @Override
    public PrefillResult result() {
      return PrefillResult.CLIENT_ERROR;
    }
  }

  /** No prefill worker answered usefully. */
  record Failed(UpstreamFailure failure) implements PrefillOutcome {
    @Override
    public PrefillResult result() {
      return PrefillResult.FAILED;
    }
  }

  /** The client left during the leg. */
  record Cancelled() implements PrefillOutcome {
    @Override
    public PrefillResult result() {
      return PrefillResult.CANCELLED;
    }
  }
}
