package dev.baton.sim;

import dev.baton.sim.api.ApiServices;
import dev.baton.sim.api.RequestCounters;
import dev.baton.sim.engine.Engine;
import dev.baton.sim.engine.EngineCounters;
import dev.baton.sim.handoff.Handoff;
import dev.baton.sim.handoff.KvSideChannel;
import dev.baton.sim.kvevents.KvEventPublisher;
import dev.baton.sim.kvevents.KvEventSettings;
import dev.baton.sim.metrics.SimMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * One data-parallel rank of a simulated worker, as one engine core of a vLLM server started with
 * {@code --data-parallel-size}: its own engine and KV cache, request counters, KV side channel
 * (engine id and port of its own) and KV-event publisher (on the configured ports plus the rank, as
 * vLLM offsets them). A worker without data parallelism is one rank, 0. Runs on the worker's loop.
 */
final class EngineRank {
  final int index;
  final EngineCounters engineCounters;
  final RequestCounters requests = new RequestCounters();
  final Engine engine;
  final Handoff handoff;
  final KvSideChannel sideChannel;
  private final SimConfig config;
  private final Context context;
  private KvEventPublisher kvEvents;

  EngineRank(int index, Context context, SimConfig config, EngineCounters engineCounters,
      SimMetrics metrics, String engineId) {
    this.index = index;
    this.context = context;
    this.config = config;
    this.engineCounters = engineCounters;
    this.engine = new Engine(context, config, engineCounters, metrics.observer(index));
    this.handoff = new Handoff(context.owner(), config, engine, engineId);
    this.sideChannel = new KvSideChannel(handoff);
  }

  ApiServices services(Flavor flavor, SimMetrics metrics) {
    return new ApiServices(config, flavor, engine, requests, metrics, handoff);
  }

  /** Binds the side channel and, when {@code events} is set, the KV-event sockets of this rank. */
  Future<Void> start(KvEventSettings events) {
    int kvPort = config.kvPort() == 0 ? 0 : config.kvPort() + index;
    Future<Void> published = events == null ? Future.succeededFuture()
        : Future.fromCompletionStage(KvEventPublisher.start(offset(events), config.host(), index),
            context).map(publisher -> {
              kvEvents = publisher;
              engine.blockEvents(publisher);
              return null;
            });
    return published.compose(v -> ListenFailure.naming(
            sideChannel.listen(context.owner(), config.host(), kvPort), "KV side channel",
            config.host(), kvPort))
        .mapEmpty();
  }

  /** The settings with both ports moved up by the rank (a port of 0 stays free). */
  private KvEventSettings offset(KvEventSettings events) {
    return new KvEventSettings(events.port() == 0 ? 0 : events.port() + index,
        events.replayPort() == 0 ? 0 : events.replayPort() + index, events.topic(),
        events.encoding(), events.hashes(), events.bufferSteps());
  }

  KvEventPublisher kvEvents() {
    return kvEvents;
  }

  Future<Void> stop() {
    engine.close();
    Future<Void> events = kvEvents == null ? Future.succeededFuture()
        : Future.fromCompletionStage(kvEvents.close(), context);
    return Future.join(sideChannel.close(), handoff.close(), events).mapEmpty();
  }

  void reset() {
    engine.reset();
    requests.reset();
  }

  SimStats stats() {
    EngineCounters e = engineCounters;
    RequestCounters r = requests;
    return new SimStats(r.received.get(), r.completed.get(), r.aborted.get(), e.running(),
        e.waiting(), e.heldBlocks(), r.kvTransfersIn.get(), r.kvTransferBlocksIn.get(),
        r.localPrefillFallbacks.get(), e.prefixCacheQueries(), e.prefixCacheHits(),
        e.usedBlocks(), engine.totalBlocks(), e.promptTokens(), e.generationTokens(),
        e.preemptions());
  }
}
