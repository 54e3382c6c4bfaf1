package dev.baton.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.router.endpoint.EndpointState;
import dev.baton.server.BatonServer;
import dev.baton.server.testing.Await;
import dev.baton.server.testing.Http;
import dev.baton.server.testing.TestBed;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Workers as discovery finds them: one port on several loopback addresses (pods behind a Service,
 * addresses of a DNS name), and the checks the discovery tests share.
 */
final class DiscoveredWorkers {
  static final String ANSWER = "{\"id\":\"x\",\"object\":\"text_completion\",\"choices\":"
      + "[{\"index\":0,\"text\":\"ok\",\"finish_reason\":\"stop\"}]}";
  static final String BODY = "{\"model\":\"m\",\"prompt\":\"hello\",\"max_tokens\":4}";

  private DiscoveredWorkers() {}

  /**
   * A worker on {@code host}:{@code port} (0: a free one) that answers its health probe and hands
   * {@code POST /v1/completions} to {@code completions}; closed after the test. Returns its port.
   */
  static int start(TestBed bed, String host, int port, Handler<HttpServerRequest> completions) {
    HttpServer server = bed.vertx().createHttpServer().requestHandler(req -> {
      if (req.path().equals("/health")) {
        req.response().end();
      } else if (req.path().equals("/v1/completions")) {
        completions.handle(req);
      } else {
        req.response().setStatusCode(404).end();
      }
    });
    Await.get(server.listen(port, host));
    bed.closeAfter(() -> Await.get(server.close()));
    return server.actualPort();
  }

  /** Sends {@code count} completions, each of which must succeed. */
  static void send(BatonServer baton, int count) {
    for (int i = 0; i < count; i++) {
      HttpResponse<String> r = Http.post(baton.baseUrl() + "/v1/completions", BODY);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }

  /** The ids of the endpoints the running runtime has. */
  static Set<String> ids(BatonServer baton) {
    return baton.runtime().get().endpoints().map(EndpointState::id).collect(Collectors.toSet());
  }
}
