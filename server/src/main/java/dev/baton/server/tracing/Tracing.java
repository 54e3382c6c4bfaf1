package dev.baton.server.tracing;

import dev.baton.server.accesslog.TraceParent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Baton's OpenTelemetry spans: per request a server span from arrival to its last byte, with the
 * admission wait, the scheduling, each leg and the relay as children, exported over OTLP. Off
 * unless the standard environment asks for it ({@code OTEL_TRACES_EXPORTER}, or an {@code
 * OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT}; {@code OTEL_SDK_DISABLED=true} wins): then every other
 * {@code OTEL_*} variable (sampler, resource, headers, protocol, batch sizes) configures the SDK as
 * it documents. Off, no span is made and requests pay nothing.
 */
public final class Tracing implements AutoCloseable {
  /** No tracing: {@link #start} answers null. */
  public static final Tracing OFF = new Tracing(null, null);

  private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(String header) {
      return List.of(TraceParent.HEADER);
    }

    @Override
    public String get(String header, String key) {
      return TraceParent.HEADER.equals(key) ? header : null;
    }
  };

  private final Tracer tracer;
  private final OpenTelemetrySdk sdk;

  private Tracing(Tracer tracer, OpenTelemetrySdk sdk) {
    this.tracer = tracer;
    this.sdk = sdk;
  }

  /** Tracing as the process environment configures it (see the class comment). */
  public static Tracing fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Tracing as {@code environment} ({@code OTEL_*} names) configures it; the process's own
   * environment and system properties still take precedence, as the SDK's autoconfiguration reads
   * them itself.
   */
  public static Tracing fromEnvironment(Map<String, String> environment) {
    if (!configured(environment::get)) {
      return OFF;
    }
    Map<String, String> properties = new HashMap<>(Map.of("otel.service.name", "baton",
        // Baton exports spans only; its metrics are Prometheus'.
        "otel.metrics.exporter", "none", "otel.logs.exporter", "none",
        // OTLP over HTTP by default (the SDK's own default is gRPC, which needs a gRPC sender
        // Baton does not ship); OTEL_EXPORTER_OTLP_PROTOCOL=grpc still asks for it.
        "otel.exporter.otlp.protocol", "http/protobuf"));
    environment.forEach((name, value) -> {
      if (name.startsWith("OTEL_")) {
        properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> properties)
        .build().getOpenTelemetrySdk();
    return new Tracing(sdk.getTracer("dev.baton.server"), sdk);
  }

  /** Spans through {@code openTelemetry} (tests pass an SDK with an in-memory exporter). */
  public static Tracing of(OpenTelemetry openTelemetry) {
    return new Tracing(openTelemetry.getTracer("dev.baton.server"), null);
  }

  static boolean configured(Function<String, String> env) {
    if ("true".equalsIgnoreCase(env.apply("OTEL_SDK_DISABLED"))) {
      return false;
    }
    String exporter = env.apply("OTEL_TRACES_EXPORTER");
    if (exporter != null && !exporter.isBlank()) {
      return !"none".equalsIgnoreCase(exporter.strip());
    }
    return env.apply("OTEL_EXPORTER_OTLP_ENDPOINT") != null
        || env.apply("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != null;
  }

  public boolean enabled() {
    return tracer != null;
  }

  /**
   * Starts a request's server span, a child of the client's {@code traceparent} when it is valid,
   * or null when tracing is off.
   *
   * @param clientTraceparent the client's header, or null
   * @param name the span's name, e.g. {@code POST /v1/chat/completions}
   */
  public RequestSpans start(String clientTraceparent, String name) {
    if (tracer == null) {
      return null;
    }
    Context parent = clientTraceparent == null ? Context.root()
        : W3CTraceContextPropagator.getInstance().extract(Context.root(), clientTraceparent,
            TRACEPARENT);
    long epochNanos = System.currentTimeMillis() * 1_000_000L;
    long startNanos = System.nanoTime();
    Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER).setParent(parent)
        .setStartTimestamp(epochNanos, TimeUnit.NANOSECONDS).startSpan();
    return new RequestSpans(tracer, span, epochNanos, startNanos);
  }

  /** The header workers get: Baton's request span as their parent, its sampling decision. */
  static TraceParent traceParentOf(SpanContext context) {
    return new TraceParent(context.getTraceId(), context.getSpanId(),
        context.isSampled() ? "01" : "00");
  }

  /**
   * Stops the SDK, which exports the spans still queued, without waiting for the exporter (a no-op
   * when off or when the SDK is the caller's).
   */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.shutdown();
    }
  }
}
