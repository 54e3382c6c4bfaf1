package dev.baton.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.baton.server.testing.Await;
import org.junit.jupiter.api.Test;

/**
 * The dashboard rendered by headless Chromium against a live admin server over simulated workers.
 * Skipped where Chromium is not installed. {@code -Dbaton.dashboard.screenshot=<png>} also saves a
 * 1280x800 screenshot under traffic (how docs/dashboard.png is made).
 */
class DashboardBrowserTest {
  private static final String TOKEN = "dash-token";

  @Test
  void theDashboardRendersEveryEndpointAndTheFiguresAfterTraffic() throws Exception {
    assumeTrue(Chromium.find() != null, "chromium is not installed");
    try (TrafficHarness harness = new TrafficHarness(TOKEN)) {
      harness.awaitLiveState();
      harness.stream(8);
      // The token travels in the fragment, which the page moves to session storage and sends as a
      // bearer token with each poll: this also proves the page works against a guarded admin API.
      String url = harness.adminUrl() + "/dashboard#token=" + TOKEN;
      String dom = Chromium.dumpDom(url, 4_000);

      assertThat(dom).contains("<h1>Baton</h1>");
      for (String id : harness.endpointIds()) {
        assertThat(dom).contains("data-endpoint-id=\"" + id + "\"");
        assertThat(dom).contains(">" + id + "</td>");
      }
      assertThat(dom).contains("data-pool=\"pd\"", "data-pool=\"chat\"");
      // No pool subscribes to KV events: Baton's own past picks decide the prefix matches.
      assertThat(dom).contains("data-prefix-view=\"approximate\"", "no KV-event subscription");
      assertThat(dom).contains("8 finished");
      assertThat(dom).contains("4 aggregated · 4 disaggregated");
      assertThat(text(dom, "span", "status")).startsWith("live · updated");
      String p50 = text(dom, "b", "p50");
      assertThat(p50).as("p50 cell").matches("\\d+(\\.\\d+)? m?s");
      // The hardware class of the unlabelled workers, with what it served and its price per token.
      assertThat(dom).contains("data-hardware-class=\"default\"");
      assertThat(text(dom, "td", "costPerMillionTokens", "field")).matches("\\d+\\.\\d\\d");
      assertThat(text(dom, "td", "ttft", "field")).matches("\\d+(\\.\\d+)? m?s / \\d+(\\.\\d+)? m?s");
      // Probed healthy and scraped: the live state reached the page too.
      assertThat(dom).contains("<span class=\"badge healthy\">healthy</span>")
          .doesNotContain(">not scraped</td>");
    }
  }

  /**
   * Not a check: makes docs/dashboard.png when {@code baton.dashboard.screenshot} names a file, with
   * slow simulated GPUs and four clients streaming, so the page shows requests in flight.
   */
  @Test
  void screenshotForTheDocs() throws Exception {
    String shot = System.getProperty("baton.dashboard.screenshot");
    assumeTrue(shot != null && !shot.isBlank(), "no screenshot asked for");
    assumeTrue(Chromium.find() != null, "chromium is not installed");
    try (TrafficHarness harness = new TrafficHarness(null, 2)) {
      harness.awaitLiveState();
      harness.stream(6);
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try {
        for (int i = 0; i < 4; i++) {
          clients.submit(() -> harness.stream(12, 160));
        }
        Await.until("requests in flight", () -> harness.metrics.liveStats().active() >= 3);
        Path png = Path.of(shot);
        Chromium.screenshot(harness.adminUrl() + "/dashboard", png, 8_000);
        assertThat(Files.size(png)).isGreaterThan(10_000);
      } finally {
        clients.shutdown();
        assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  /** The text of the element with the id (the page's own script also holds these words). */
  private static String text(String dom, String tag, String id) {
    return text(dom, tag, id, "id");
  }

  /** The text of the first element whose {@code attribute} (id, or data-X for X) is {@code value}. */
  private static String text(String dom, String tag, String value, String attribute) {
    String name = attribute.equals("id") ? "id" : "data-" + attribute;
    Matcher m = Pattern.compile("<" + tag + "[^>]* " + name + "=\"" + value + "\"[^>]*>([^<]*)</"
        + tag + ">").matcher(dom);
    assertThat(m.find()).as("element %s=%s in the DOM", name, value).isTrue();
    return m.group(1);
  }

  @Test
  void withoutTheTokenThePageAsksForIt() throws Exception {
    assumeTrue(Chromium.find() != null, "chromium is not installed");
    try (TrafficHarness harness = new TrafficHarness(TOKEN)) {
      String dom = Chromium.dumpDom(harness.adminUrl() + "/dashboard", 2_000);
      assertThat(text(dom, "span", "status")).isEqualTo("admin token required");
      assertThat(dom).doesNotContain("data-endpoint-id=");
    }
  }
}
