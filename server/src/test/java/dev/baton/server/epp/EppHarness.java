package dev.baton.server.epp;

import dev.baton.server.config.BatonConfig;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.TestBed;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.nio.charset.StandardCharsets;

/** A picker on a free loopback port and a gRPC client speaking to it, closed after the test. */
record EppHarness(EppServer epp, GrpcClient client) {

  /** Starts the picker and waits until its pools have a healthy endpoint (readiness). */
  static EppHarness start(TestBed bed, BatonConfig config, EppOptions options) {
    EppServer epp = Await.get(EppServer.start(bed.vertx(), config, options));
    bed.closeAfter(() -> Await.get(epp.close()));
    GrpcClient client = GrpcClient.client(bed.vertx());
    bed.closeAfter(() -> Await.get(client.close()));
    Await.until("the pool's endpoints answered their health probes", () -> epp.runtime().get().ready());
    return new EppHarness(epp, client);
  }

  /**
   * What {@code grpc.health.v1.Health/Check} says of {@code service}: "SERVING", "NOT_SERVING",
   * or the gRPC status when the call failed (NOT_FOUND for an unknown service).
   */
  String health(String service) {
    ServiceMethod<Buffer, Buffer> check = ServiceMethod.client(
        ServiceName.create("grpc.health.v1.Health"), "Check",
        GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
    byte[] name = service.getBytes(StandardCharsets.UTF_8);
    Buffer request = Buffer.buffer().appendByte((byte) 0x0A).appendByte((byte) name.length)
        .appendBytes(name);
    GrpcClientResponse<Buffer, Buffer> response = Await.get(client
        .request(SocketAddress.inetSocketAddress(epp.port(), "127.0.0.1"), check)
        .compose(call -> call.send(request)));
    Buffer body = Await.get(response.last().recover(err -> io.vertx.core.Future.succeededFuture(null)));
    if (response.status() != GrpcStatus.OK) {
      return response.status().name();
    }
    int status = body == null || body.length() < 2 ? 0 : body.getByte(1);
    return switch (status) {
      case 1 -> "SERVING";
      case 2 -> "NOT_SERVING";
      default -> "UNKNOWN";
    };
  }

  EnvoyStream stream() {
    return EnvoyStream.open(client, epp.port());
  }
}
