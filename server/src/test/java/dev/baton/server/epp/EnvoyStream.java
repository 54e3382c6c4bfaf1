package dev.baton.server.epp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.testing.Await;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One ext_proc stream as Envoy's ext_proc filter opens it for one HTTP request: the test sends the
 * {@code ProcessingRequest}s Envoy would, in its order, and takes the picker's answers one by one.
 */
final class EnvoyStream {
  private static final ServiceMethod<ProcessingResponse, ProcessingRequest> PROCESS =
      ServiceMethod.client(ServiceName.create("envoy.service.ext_proc.v3.ExternalProcessor"),
          "Process", GrpcMessageEncoder.encoder(),
          GrpcMessageDecoder.decoder(ProcessingResponse.getDefaultInstance()));

  private final GrpcClientRequest<ProcessingRequest, ProcessingResponse> request;
  private final BlockingQueue<ProcessingResponse> answers = new LinkedBlockingQueue<>();
  private final AtomicBoolean ended = new AtomicBoolean();

  private EnvoyStream(GrpcClientRequest<ProcessingRequest, ProcessingResponse> request) {
    this.request = request;
  }

  static EnvoyStream open(GrpcClient client, int port) {
    GrpcClientRequest<ProcessingRequest, ProcessingResponse> request =
        Await.get(client.request(SocketAddress.inetSocketAddress(port, "127.0.0.1"), PROCESS));
    EnvoyStream stream = new EnvoyStream(request);
    request.response().onSuccess(response -> {
      response.handler(stream.answers::add);
      response.endHandler(v -> stream.ended.set(true));
    });
    return stream;
  }

  EnvoyStream send(ProcessingRequest message) {
    Await.get(request.write(message));
    return this;
  }

  /** The picker's next answer; fails when none comes within five seconds. */
  ProcessingResponse next() {
    try {
      ProcessingResponse answer = answers.poll(5, TimeUnit.SECONDS);
      assertThat(answer).as("an answer from the picker").isNotNull();
      return answer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Envoy resets the stream: the client went away, or the filter's message timeout ran out. */
  void cancel() {
    request.cancel();
  }

  /** Envoy ends its side once the HTTP exchange is over; the picker then ends the call. */
  void finish() {
    Await.get(request.end());
    Await.until("the picker ended the call", ended::get);
    assertThat(answers).as("answers nobody asked for").isEmpty();
  }
}
