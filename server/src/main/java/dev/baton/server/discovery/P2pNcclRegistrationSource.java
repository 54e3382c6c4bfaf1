package dev.baton.server.discovery;

import dev.baton.router.endpoint.Role;
import dev.baton.server.config.EndpointConfig;
import dev.baton.transfer.handoff.P2pNcclDialect;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The {@code p2p-nccl} source: a ZMQ ROUTER socket where vLLM {@code P2pNcclConnector} instances
 * register from their DEALER, every 3 s, the msgpack map {@code {"type": "P"|"D", "http_address":
 * "ip:port", "zmq_address": "ip:port"}} (vllm {@code p2p_nccl_engine.py} {@code ping}; the proxy
 * side is {@code disagg_proxy_p2p_nccl_xpyd.py} {@code _listen_for_register}). Each instance is an
 * endpoint ({@code P} prefill, {@code D} decode) at {@code http://<http_address>} carrying its
 * {@code zmq_address} as a label for the {@code p2p-nccl} dialect; one that stays silent for
 * {@code expireAfter} is dropped. The socket lives on a thread of its own, never an event loop; the
 * source is ready (with no endpoints) once the socket is bound.
 */
public final class P2pNcclRegistrationSource extends PublishingEndpointSource {
  private static final System.Logger LOG = System.getLogger(P2pNcclRegistrationSource.class.getName());
  private static final int RECEIVE_MILLIS = 100;
  /** More instances than any fleet has: registrations past it are dropped, not remembered. */
  static final int MAX_INSTANCES = 4096;

  private final ZContext context = new ZContext();
  private final ZMQ.Socket router;
  private final int port;
  private final long expireNanos;
  /** By HTTP address; touched by the socket's thread only. */
  private final Map<String, Registration> instances = new LinkedHashMap<>();
  private volatile boolean running = true;

  /** One instance as it last registered. */
  record Registration(Role role, String zmqAddress, long expiresAtNanos) {}

  private P2pNcclRegistrationSource(P2pNcclSourceParameters settings) {
    this.expireNanos = settings.expireAfter().toNanos();
    this.router = context.createSocket(SocketType.ROUTER);
    try {
      router.setLinger(0);
      router.setReceiveTimeOut(RECEIVE_MILLIS);
      String at = "tcp://" + settings.host();
      this.port = settings.port() == 0 ? router.bindToRandomPort(at) : bind(router, at, settings.port());
    } catch (RuntimeException e) {
      context.close();
      throw new IllegalArgumentException("p2p-nccl source cannot bind " + settings.host() + ":"
          + settings.port() + ": " + e.getMessage(), e);
    }
  }

  /** Binds the socket (a local call that does not wait on the network) and starts listening. */
  static P2pNcclRegistrationSource start(P2pNcclSourceParameters settings) {
    P2pNcclRegistrationSource source = new P2pNcclRegistrationSource(settings);
    source.publish(List.of());
    Thread thread = new Thread(source::listen, "baton-p2p-nccl-registration-" + source.port);
    thread.setDaemon(true);
    thread.start();
    return source;
  }

  private static int bind(ZMQ.Socket socket, String at, int port) {
    socket.bind(at + ":" + port);
    return port;
  }

  /** The port the registration socket listens on. */
  public int port() {
    return port;
  }

  private void listen() {
    try {
      while (running) {
        // Everything queued is read before anyone expires: a thread that was not scheduled for a
        // while must not drop instances whose registrations are waiting in the socket.
        byte[] identity = router.recv();
        while (identity != null) {
          byte[] payload = router.hasReceiveMore() ? router.recv() : null;
          while (router.hasReceiveMore()) {
            router.recv();
          }
          if (payload != null) {
            registered(payload, System.nanoTime());
          }
          identity = router.recv(ZMQ.DONTWAIT);
        }
        expire(System.nanoTime());
      }
    } catch (RuntimeException e) {
      if (running) {
        LOG.log(Level.WARNING, "p2p-nccl registrations on port {0} stopped: {1}", port, e.toString());
      }
    } finally {
      context.close();
    }
  }

  private void registered(byte[] payload, long now) {
    Map<String, String> fields = fields(payload);
    Role role = switch (fields.getOrDefault("type", "")) {
      case "P" -> Role.PREFILL;
      case "D" -> Role.DECODE;
      default -> null;
    };
    String http = fields.get("http_address");
    String zmq = fields.get("zmq_address");
    if (role == null || !hostPort(http) || !hostPort(zmq)) {
      LOG.log(Level.DEBUG, "p2p-nccl source: ignored a registration {0}", fields);
      return;
    }
    if (!instances.containsKey(http) && instances.size() >= MAX_INSTANCES) {
      LOG.log(Level.WARNING, "p2p-nccl source: {0} instances already, {1} not added", MAX_INSTANCES, http);
      return;
    }
    Registration before = instances.remove(http);
    instances.put(http, new Registration(role, zmq, now + expireNanos));
    if (before == null || before.role() != role || !before.zmqAddress().equals(zmq)) {
      republish();
    }
  }

  /** Drops instances whose last registration is older than {@code expireAfter}. */
  private void expire(long now) {
    if (instances.values().removeIf(r -> now - r.expiresAtNanos() > 0)) {
      republish();
    }
  }

  private void republish() {
    publish(instances.entrySet().stream()
        .map(e -> new EndpointConfig("http://" + urlAuthority(e.getKey()), e.getValue().role(), null,
            Map.of(P2pNcclDialect.ZMQ_ADDRESS_LABEL, e.getValue().zmqAddress())))
        .toList());
  }

  /** The string fields of a msgpack map; anything else is an empty map. */
  static Map<String, String> fields(byte[] payload) {
    Map<String, String> fields = new LinkedHashMap<>();
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
      Value value = unpacker.unpackValue();
      if (value.isMapValue()) {
        value.asMapValue().map().forEach((k, v) -> {
          if (k.isStringValue() && v.isStringValue()) {
            fields.put(k.asStringValue().asString(), v.asStringValue().asString());
          }
        });
      }
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return fields;
  }

  /** {@code ip:port} with a port in range. */
  static boolean hostPort(String address) {
    int colon = address == null ? -1 : address.lastIndexOf(':');
    if (colon <= 0) {
      return false;
    }
    try {
      int p = Integer.parseInt(address.substring(colon + 1));
      return p >= 1 && p <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** An unbracketed IPv6 literal gets its brackets in a URL. */
  private static String urlAuthority(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    return host.indexOf(':') >= 0 && !host.startsWith("[")
        ? "[" + host + "]" + hostPort.substring(colon) : hostPort;
  }

  /** Stops listening within a receive timeout; the thread closes the socket. */
  @Override
  public io.vertx.core.Future<Void> close() {
    running = false;
    return super.close();
  }

  /** Registered as {@code p2p-nccl}. */
  public static final class Type implements EndpointSourceType<P2pNcclSourceParameters> {
    @Override
    public String type() {
      return "p2p-nccl";
    }

    @Override
    public Class<P2pNcclSourceParameters> parametersType() {
      return P2pNcclSourceParameters.class;
    }

    @Override
    public EndpointSource create(SourceContext context, P2pNcclSourceParameters parameters) {
      return start(Objects.requireNonNull(parameters, "parameters"));
    }
  }
}
