package dev.baton.server.http;

import dev.baton.router.scheduling.NoCandidate;
import dev.baton.transfer.error.OpenAiError;

/**
 * The 503 a request gets when its plan found no endpoint, saying which way: nothing healthy serves
 * the model, or the scheduling filters turned every endpoint that does away (an operator looking
 * for a missing worker would otherwise chase health while a label selector is at fault).
 */
final class NoWorkerError {

  private NoWorkerError() {}

  static OpenAiError of(String model, NoCandidate why) {
    return switch (why) {
      case NoCandidate.Unavailable u -> OpenAiError.noWorker(model);
      case NoCandidate.FilteredOut f -> new OpenAiError(503,
          "No worker serving model `" + model + "` passes the scheduling filter '" + f.filter()
              + "' of profile '" + f.profile() + "'", "service_unavailable", "model",
          "no_matching_worker");
    };
  }
}
