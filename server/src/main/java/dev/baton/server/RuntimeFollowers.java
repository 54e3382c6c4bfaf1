package dev.baton.server;

import dev.baton.router.scheduling.SchedulerState;
import dev.baton.server.admission.AdmissionController;
import dev.baton.server.kvevents.KvEventMetrics;
import dev.baton.server.kvevents.KvEventSubscriptions;
import dev.baton.server.models.ModelCatalog;
import dev.baton.server.runtime.BatonRuntime;
import dev.baton.server.runtime.RuntimeHolder;
import dev.baton.server.runtime.WorkerCapacity;
import dev.baton.server.tokenize.PromptTokens;
import dev.baton.transfer.breaker.EndpointBreakers;
import dev.baton.transfer.handoff.PrefillLookups;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything that follows the runtime's endpoints, told after each swap (reload or discovery):
 * capacities and admission, and what belonged to endpoints that left goes with them. The
 * KV-event parts are null when Baton runs a scheduler of its own ({@code state} null).
 */
record RuntimeFollowers(RuntimeHolder holder, WorkerCapacity capacity,
    AdmissionController admission, EndpointBreakers breakers, PrefillLookups prefillLookups,
    ModelCatalog catalog, PromptTokens tokens, SchedulerState state,
    KvEventSubscriptions kvEvents, KvEventMetrics kvMetrics) implements Consumer<Set<String>> {

  /** @param remaining the ids of the endpoints the new runtime has */
  @Override
  public void accept(Set<String> remaining) {
    BatonRuntime runtime = holder.get();
    capacity.update(runtime);
    admission.capacityChanged();
    breakers.retainOnly(remaining);
    prefillLookups.retainOnly(remaining);
    catalog.follow(runtime);
    tokens.follow(runtime);
    if (state != null) {
      state.retainCandidates(runtime.endpoints().toList());
      kvEvents.follow(runtime);
      kvMetrics.pools(holder::get, kvEvents);
    }
  }
}
