package dev.baton.server.epp;

import com.google.protobuf.CodedInputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The standard gRPC health service ({@code grpc.health.v1.Health/Check}) with the services the
 * Endpoint Picker protocol names: {@code liveness} (the process answers), {@code readiness} and
 * the ext_proc service (the pool has an endpoint ready), and {@code ""} for the whole server. Its
 * two messages have one field each, so they are read and written by hand rather than generated.
 */
final class GrpcHealth {
  static final String LIVENESS = "liveness";
  static final String READINESS = "readiness";

  private static final ServiceMethod<Buffer, Buffer> CHECK = ServiceMethod.server(
      ServiceName.create("grpc.health.v1.Health"), "Check",
      GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
  /** Field 1 as a string (wire type 2) and as a varint (wire type 0). */
  private static final int SERVICE_TAG = (1 << 3) | 2;
  private static final int STATUS_TAG = 1 << 3;
  private static final int SERVING = 1;
  private static final int NOT_SERVING = 2;

  private GrpcHealth() {}

  /** Adds {@code Check} to {@code server}; {@code ready} says whether picks can be served. */
  static void register(GrpcServer server, BooleanSupplier ready) {
    server.callHandler(CHECK, call -> call.handler(message -> answer(call, message, ready)));
  }

  private static void answer(GrpcServerRequest<Buffer, Buffer> call, Buffer message,
      BooleanSupplier ready) {
    String service;
    try {
      service = service(message);
    } catch (IOException e) {
      call.response().status(GrpcStatus.INVALID_ARGUMENT).end();
      return;
    }
    switch (service) {
      case LIVENESS -> call.response().end(status(SERVING));
      case READINESS, "", ExtProcServer.SERVICE ->
          call.response().end(status(ready.getAsBoolean() ? SERVING : NOT_SERVING));
      default -> call.response().status(GrpcStatus.NOT_FOUND)
          .statusMessage("unknown service " + service).end();
    }
  }

  /** {@code HealthCheckRequest.service}, field 1. */
  static String service(Buffer message) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(message.getBytes());
    String service = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == SERVICE_TAG) {
        service = in.readString();
      } else {
        in.skipField(tag);
      }
    }
    return service;
  }

  /** {@code HealthCheckResponse{status}}: field 1, a varint. */
  static Buffer status(int status) {
    return Buffer.buffer(new byte[] {STATUS_TAG, (byte) status});
  }
}
