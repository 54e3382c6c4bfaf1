package dev.baton.server.http;

import dev.baton.router.latency.SloTarget;
import dev.baton.server.accesslog.TraceParent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * The client request headers Baton acts on (request id, trace context, SLO objectives, and the
 * configured tenant, priority and session headers), found in one pass over the request's headers
 * when the request arrives. Each reader used to look its header up again, through Vert.x Web's
 * request wrapper, with the name hashed anew each time; the tenant alone was read three times.
 * Names compare without regard to case; as with {@link MultiMap#get}, the first value of a repeated
 * header is the one read.
 */
final class ClientHeaders {
  private static final int REQUEST_ID = 0;
  private static final int TRACEPARENT = 1;
  private static final int TENANT = 6;
  private static final int PRIORITY = 7;
  private static final int SESSION = 8;
  /** Slots 2-5: the SLO headers, read by name through {@link #get}. */
  private static final String[] FIXED = {RequestIds.HEADER, TraceParent.HEADER,
      SloTarget.TTFT_HEADER, SloTarget.TPOT_HEADER, SloTarget.LEGACY_TTFT_HEADER,
      SloTarget.LEGACY_TPOT_HEADER};

  /**
   * The names sought for the last configured tenant, priority and session headers: they change
   * with a reload only, so a request reuses them instead of building its own.
   */
  private static volatile Sought sought = new Sought(null, null, null);

  private final String[] names;
  private final String[] values;

  private ClientHeaders(String[] names) {
    this.names = names;
    this.values = new String[names.length];
  }

  /**
   * Reads {@code headers} once for the fixed names and the three configured ones.
   *
   * @param tenantHeader {@code admission.tenantHeader}
   * @param priorityHeader {@code admission.priorityHeader}
   * @param sessionHeader {@code scheduling.sessionHeader}
   */
  static ClientHeaders read(MultiMap headers, String tenantHeader, String priorityHeader,
      String sessionHeader) {
    Sought names = sought;
    if (!names.isFor(tenantHeader, priorityHeader, sessionHeader)) {
      names = new Sought(tenantHeader, priorityHeader, sessionHeader);
      sought = names;
    }
    ClientHeaders read = new ClientHeaders(names.all);
    if (headers instanceof HttpHeaders http1) {
      // HTTP/1.x: the decoded names as they are, no String made for a header Baton does not read.
      Iterator<Map.Entry<CharSequence, CharSequence>> entries = http1.iteratorCharSequence();
      while (entries.hasNext()) {
        Map.Entry<CharSequence, CharSequence> entry = entries.next();
        read.offer(entry.getKey(), entry.getValue());
      }
    } else {
      headers.forEach(read::offer);
    }
    return read;
  }

  /** The fixed names and the three configured ones, by slot; never written once built. */
  private static final class Sought {
    private final String tenant;
    private final String priority;
    private final String session;
    private final String[] all;

    Sought(String tenant, String priority, String session) {
      this.tenant = tenant;
      this.priority = priority;
      this.session = session;
      this.all = new String[FIXED.length + 3];
      System.arraycopy(FIXED, 0, all, 0, FIXED.length);
      all[TENANT] = tenant;
      all[PRIORITY] = priority;
      all[SESSION] = session;
    }

    boolean isFor(String tenantHeader, String priorityHeader, String sessionHeader) {
      return Objects.equals(tenant, tenantHeader) && Objects.equals(priority, priorityHeader)
          && Objects.equals(session, sessionHeader);
    }
  }

  private void offer(CharSequence name, CharSequence value) {
    int length = name.length();
    for (int i = 0; i < names.length; i++) {
      String wanted = names[i];
      // No break: one header may fill several slots (a tenant header also used as the session's).
      if (values[i] == null && wanted != null && wanted.length() == length
          && AsciiString.contentEqualsIgnoreCase(name, wanted)) {
        values[i] = value.toString();
      }
    }
  }

  /** The value of the header named {@code name} if it is one this reader looked for, else null. */
  String get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i] != null && names[i].equalsIgnoreCase(name)) {
        return values[i];
      }
    }
    return null;
  }

  String requestId() {
    return values[REQUEST_ID];
  }

  String traceparent() {
    return values[TRACEPARENT];
  }

  /** The tenant header's value as sent (see {@code RequestGate.tenantOf} for the tenant). */
  String tenant() {
    return values[TENANT];
  }

  String priority() {
    return values[PRIORITY];
  }

  String session() {
    return values[SESSION];
  }
}
