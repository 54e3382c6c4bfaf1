package dev.baton.server.discovery;

import dev.baton.server.config.EndpointConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code dns} source: resolves a name's A and AAAA records every {@code interval} with Vert.x's
 * asynchronous DNS client (no thread waits) and publishes one endpoint per address. A name that does
 * not exist (a headless Service with no ready pod) is an empty list; any other failure (timeout,
 * server error) keeps the last list, so a DNS hiccup never empties a pool.
 */
public final class DnsEndpointSource extends PublishingEndpointSource {
  private final Vertx vertx;
  private final DnsClient dns;
  private final DnsSourceParameters settings;
  private volatile boolean closed;
  private volatile long timer = -1;
  private List<String> lastAddresses;

  private DnsEndpointSource(Vertx vertx, DnsSourceParameters settings) {
    this.vertx = vertx;
    this.settings = settings;
    DnsClientOptions options = new DnsClientOptions().setQueryTimeout(
        Math.max(100, Math.min(settings.interval().toMillis(), 5_000)));
    if (settings.server() != null) {
      options.setHost(settings.serverHost()).setPort(settings.serverPort());
    }
    this.dns = vertx.createDnsClient(options);
  }

  /** Starts resolving; the first answer makes the source ready. */
  static DnsEndpointSource start(Vertx vertx, DnsSourceParameters settings) {
    DnsEndpointSource source = new DnsEndpointSource(vertx, settings);
    source.resolve();
    return source;
  }

  /** One round: both record types, then the next round one interval later (never overlapping). */
  private void resolve() {
    if (closed) {
      return;
    }
    Future<List<String>> v4 = addresses(dns.resolveA(settings.name()));
    Future<List<String>> v6 = addresses(dns.resolveAAAA(settings.name()));
    Future.join(v4, v6).onComplete(ar -> {
      if (v4.succeeded() && v6.succeeded()) {
        apply(Stream.concat(v4.result().stream(), v6.result().stream()).toList());
      } else {
        Throwable cause = v4.failed() ? v4.cause() : v6.cause();
        failed("cannot resolve " + settings.name() + " (" + cause.getMessage() + "); keeping "
            + (lastAddresses == null ? "no list yet" : "the last list of " + lastAddresses.size()));
      }
      if (!closed) {
        timer = vertx.setTimer(settings.interval().toMillis(), id -> resolve());
      }
    });
  }

  /** Publishes the addresses as endpoints (an unchanged list only counts as a sync). */
  private void apply(List<String> found) {
    List<String> addresses = List.copyOf(new TreeSet<>(found));
    lastAddresses = addresses;
    publish(addresses.stream().map(this::endpoint).toList());
  }

  private EndpointConfig endpoint(String address) {
    String host = address.contains(":") ? "[" + address + "]" : address;
    return new EndpointConfig("http://" + host + ":" + settings.port(), settings.role(), null, null);
  }

  @Override
  public Future<Void> close() {
    closed = true;
    long t = timer;
    if (t >= 0) {
      vertx.cancelTimer(t);
    }
    return super.close().eventually(dns::close);
  }

  /** Registered as {@code dns}. */
  public static final class Type implements EndpointSourceType<DnsSourceParameters> {
    @Override
    public String type() {
      return "dns";
    }

    @Override
    public Class<DnsSourceParameters> parametersType() {
      return DnsSourceParameters.class;
    }

    @Override
    public EndpointSource create(SourceContext context, DnsSourceParameters parameters) {
      return start(context.vertx(), parameters);
    }
  }

  /** A name that does not exist has no addresses; other failures stay failures. */
  private static Future<List<String>> addresses(Future<List<String>> lookup) {
    return lookup.recover(err -> err instanceof DnsException e
        && e.code() == DnsResponseCode.NXDOMAIN
        ? Future.succeededFuture(List.of()) : Future.failedFuture(err));
  }
}
