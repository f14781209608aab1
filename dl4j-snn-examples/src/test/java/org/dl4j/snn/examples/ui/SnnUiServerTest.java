package org.dl4j.snn.examples.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.dl4j.snn.monitor.MonitorRecordFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.slf4j.LoggerFactory;

class SnnUiServerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stopUi() {
        SnnUi.stop();
    }

    @Test
    void servesTheSnnPageItsScriptsAndDl4jsOwnPages() throws Exception {
        URI snn = SnnUi.start("127.0.0.1", 0, new InMemoryStatsStorage());
        assertThat(snn.toString()).matches("http://127\\.0\\.0\\.1:\\d+/snn");
        assertThat(snn.getPort()).isPositive();
        assertThat(UIServer.getInstance().getPort()).isEqualTo(snn.getPort());

        HttpResponse<String> page = get(snn);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith(
                "text/html"));
        assertThat(page.body()).contains("id=\"chart-rate\"", "id=\"chart-dead-saturated\"", "id=\"chart-tau\"",
                "/snn/static/chart.umd.min.js", "/snn/static/snn.js");
        // Every URL the page loads is a path on this server: nothing from elsewhere.
        assertThat(page.body()).doesNotContainPattern("(src|href)=\"(https?:)?//");

        assertThat(get(snn.resolve("/snn/static/chart.umd.min.js")).body()).startsWith("/*!\n * Chart.js v4");
        assertThat(get(snn.resolve("/snn/static/snn.js")).body()).contains("/snn/data");
        assertThat(get(snn.resolve("/snn/static/snn.css")).statusCode()).isEqualTo(200);
        // DL4J's own training pages are served by the same (bound) server.
        HttpResponse<String> overview = get(SnnUi.url(SnnUi.OVERVIEW_PATH));
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("/assets/js/train/overview.js");
    }

    @Test
    void staticFilesAreOnlyTheViewsOwn() throws Exception {
        URI snn = SnnUi.start("127.0.0.1", 0, new InMemoryStatsStorage());
        assertThat(get(snn.resolve("/snn/static/missing.js")).statusCode()).isEqualTo(404);
        assertThat(get(snn.resolve("/snn/static/..%2Flogback.xml")).statusCode()).isEqualTo(404);
        assertThat(get(snn.resolve("/snn/static/.hidden")).statusCode()).isEqualTo(404);
    }

    @Test
    void listensOnLoopbackOnlyByDefault() throws Exception {
        int port = SnnUi.start(SnnUi.DEFAULT_HOST, 0, new InMemoryStatsStorage()).getPort();
        assertThat(connects("127.0.0.1", port)).isTrue();
        // Linux routes all of 127/8 to lo: a server on 0.0.0.0 would answer on 127.0.0.2 too (see the next test).
        assertThat(connects("127.0.0.2", port)).isFalse();
        for (String address : externalAddresses()) {
            assertThat(connects(address, port)).as("port %d on %s", port, address).isFalse();
        }
    }

    @Test
    void anotherHostIsHonouredWithAWarning() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(SnnUi.class);
        logs.start();
        logger.addAppender(logs);
        try {
            int port = SnnUi.start("0.0.0.0", 0, new InMemoryStatsStorage()).getPort();
            assertThat(connects("127.0.0.1", port)).isTrue();
            assertThat(connects("127.0.0.2", port)).isTrue();
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("0.0.0.0", "not on loopback", "no authentication");
        });
    }

    @Test
    void dataEndpointServesTheMonitorRecordsOfTheAttachedStorage() throws Exception {
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        URI snn = SnnUi.start("127.0.0.1", 0, storage);
        HttpResponse<String> empty = get(snn.resolve("/snn/data"));
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(json(empty).get("records")).isEmpty();

        TinySnn.post(storage, "s1", TinySnn.records(5, 2, 1_000));
        HttpResponse<String> data = get(snn.resolve("/snn/data"));
        assertThat(data.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        JsonNode o = json(data);
        assertThat(o.get("session").asText()).isEqualTo("s1");
        assertThat(o.get("records")).hasSize(10);
        assertThat(o.get("layers")).hasSize(2);
        assertThat(json(get(snn.resolve("/snn/data/s1"))).get("records")).hasSize(10);
        assertThat(get(snn.resolve("/snn/data/nope")).statusCode()).isEqualTo(404);
    }

    @Test
    void aSecondStartOnTheSameAddressAttachesItsStorageAndAnotherAddressIsRefused() throws Exception {
        InMemoryStatsStorage first = new InMemoryStatsStorage();
        InMemoryStatsStorage second = new InMemoryStatsStorage();
        URI snn = SnnUi.start("127.0.0.1", 0, first);
        assertThat(SnnUi.start("127.0.0.1", snn.getPort(), second)).isEqualTo(snn);
        assertThat(UIServer.getInstance().getStatsStorageInstances()).containsExactly(first, second);

        TinySnn.post(second, "in-second", TinySnn.records(2, 1, 1_000));
        assertThat(json(get(snn.resolve("/snn/data"))).get("session").asText()).isEqualTo("in-second");

        assertThatThrownBy(() -> SnnUi.start("127.0.0.1", snn.getPort() == 65535 ? 65534 : snn.getPort() + 1,
                new InMemoryStatsStorage())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already runs at " + snn.resolve("/").toString().replaceAll("/$", ""));
    }

    @Test
    void aPortInUseFailsNamingTheAddressAndLeavesNoServerBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> SnnUi.start("127.0.0.1", port, new InMemoryStatsStorage()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + port)
                    .hasMessageContaining("in use");
        }
        assertThat(SnnUi.isRunning()).isFalse();
        assertThat(get(SnnUi.start("127.0.0.1", 0, new InMemoryStatsStorage())).statusCode()).isEqualTo(200);
    }

    @Test
    void badHostOrPortIsRejectedBeforeStarting() {
        assertThatThrownBy(() -> SnnUi.start("no-such-host.invalid", 0, new InMemoryStatsStorage()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-host.invalid");
        assertThatThrownBy(() -> SnnUi.start("127.0.0.1", 70_000, new InMemoryStatsStorage()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
        assertThat(SnnUi.isRunning()).isFalse();
    }

    @Test
    void stopFreesThePort() throws Exception {
        int port = SnnUi.start("127.0.0.1", 0, new InMemoryStatsStorage()).getPort();
        SnnUi.stop();
        assertThat(SnnUi.isRunning()).isFalse();
        assertThat(connects("127.0.0.1", port)).isFalse();
        assertThat(VertxUIServer.getInstance()).isNull();
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return MonitorRecordFormat.mapper().readTree(r.body());
    }

    static boolean connects(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }

    /** This machine's non-loopback IPv4 addresses (none on an isolated container; 127.0.0.2 covers that case). */
    private static List<String> externalAddresses() throws IOException {
        List<String> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    out.add(a.getHostAddress());
                }
            }
        }
        return out;
    }
}
