package dev.baton.server.epp;

import dev.baton.server.http.EventLoopServers;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import java.util.function.BooleanSupplier;

/**
 * The picker's gRPC port: Envoy's {@code ExternalProcessor/Process} and the health service over
 * HTTP/2 cleartext (Envoy's gRPC client speaks it with prior knowledge), one server per event loop
 * so the gateway's connections spread over the cores.
 */
final class ExtProcServer {
  /** The ext_proc service's full name, also a health service name. */
  static final String SERVICE = "envoy.service.ext_proc.v3.ExternalProcessor";

  private static final ServiceMethod<ProcessingRequest, ProcessingResponse> PROCESS =
      ServiceMethod.server(ServiceName.create(SERVICE), "Process",
          GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(ProcessingRequest.getDefaultInstance()));

  private ExtProcServer() {}

  /** Listens on {@code host:port} (0 for a free port). */
  static Future<EventLoopServers> listen(Vertx vertx, String host, int port,
      EndpointPicker picker, StreamSettings settings, BooleanSupplier ready) {
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port)
        .setHttp2ClearTextEnabled(true);
    return EventLoopServers.listen(vertx, options,
        () -> {
          GrpcServer grpc = GrpcServer.server(vertx);
          grpc.callHandler(PROCESS, call -> ExtProcStream.serve(call, picker, settings));
          GrpcHealth.register(grpc, ready);
          return grpc;
        },
        HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER,
        connection -> { },
        Runtime.getRuntime().availableProcessors());
  }
}
