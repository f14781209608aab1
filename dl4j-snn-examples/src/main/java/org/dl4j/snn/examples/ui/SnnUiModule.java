package org.dl4j.snn.examples.ui;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StatsStorageEvent;
import org.deeplearning4j.ui.api.HttpMethod;
import org.deeplearning4j.ui.api.Route;
import org.deeplearning4j.ui.api.UIModule;
import org.deeplearning4j.ui.i18n.I18NResource;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DL4J UI module of the SNN view: a page with firing rate, dead / saturated fractions and tau / theta / v0 per
 * spiking layer over training, drawn from the spike monitor's StatsStorage entries ({@code SpikeMonitorReport}).
 * Routes: {@value #PAGE_PATH} (the page), {@value #STATIC_PATH}{@code /<file>} (its script, style and Chart.js,
 * from the classpath folder {@value #RESOURCE_DIR}), {@value #DATA_PATH} (the newest session's data) and
 * {@value #DATA_PATH}{@code /<sessionId>}, in {@link SnnUiData}'s JSON format.
 *
 * <p>DL4J's {@code VertxUIServer} finds the module through {@code META-INF/services/org.deeplearning4j.ui.api.UIModule},
 * so the view is also served by a UI started with DL4J's own {@code UIServer.getInstance()}.
 */
public final class SnnUiModule implements UIModule {
    /** The page. */
    public static final String PAGE_PATH = "/snn";
    /** Prefix of the page's static files. */
    public static final String STATIC_PATH = "/snn/static";
    /** The data of the most recently updated session. */
    public static final String DATA_PATH = "/snn/data";
    /** Classpath folder of the page and its static files. */
    static final String RESOURCE_DIR = "snn-ui/";

    private static final Logger log = LoggerFactory.getLogger(SnnUiModule.class);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "application/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "md", "text/plain; charset=utf-8");

    private final List<StatsStorage> storages = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    /** The module (instantiated by DL4J's UI server through the service loader). */
    public SnnUiModule() {
    }

    @Override
    public List<String> getCallbackTypeIDs() {
        // The data endpoint reads the attached storages on request; no events needed.
        return List.of();
    }

    @Override
    public List<Route> getRoutes() {
        return List.of(
                new Route(PAGE_PATH, HttpMethod.GET, (args, rc) -> sendFile(rc, "index.html")),
                new Route(STATIC_PATH + "/:file", HttpMethod.GET, (args, rc) -> sendFile(rc, args.get(0))),
                new Route(DATA_PATH, HttpMethod.GET, (args, rc) -> sendData(rc, null)),
                new Route(DATA_PATH + "/:session", HttpMethod.GET, (args, rc) -> sendData(rc, args.get(0))));
    }

    @Override
    public void reportStorageEvents(Collection<StatsStorageEvent> events) {
        // Not subscribed to any type id.
    }

    @Override
    public void onAttach(StatsStorage statsStorage) {
        if (!storages.contains(statsStorage)) {
            storages.add(statsStorage);
        }
    }

    @Override
    public void onDetach(StatsStorage statsStorage) {
        storages.remove(statsStorage);
    }

    @Override
    public List<I18NResource> getInternationalizationResources() {
        return List.of();
    }

    /** The storages attached to the UI, in attach order. */
    List<StatsStorage> storages() {
        return List.copyOf(storages);
    }

    private void sendData(RoutingContext rc, String session) {
        ObjectNode json;
        try {
            json = SnnUiData.json(storages, session);
        } catch (RuntimeException e) {
            log.warn("SNN view: reading the spike monitor's data failed", e);
            rc.response().setStatusCode(500).putHeader("content-type", "text/plain; charset=utf-8")
                    .end("reading the spike monitor's data failed: " + e);
            return;
        }
        if (json == null) {
            rc.response().setStatusCode(404).putHeader("content-type", "text/plain; charset=utf-8")
                    .end("no spike-monitor data for session '" + session + "'");
            return;
        }
        rc.response().putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .end(json.toString());
    }

    private void sendFile(RoutingContext rc, String name) {
        byte[] bytes = FILE_NAME.matcher(name).matches() ? files.computeIfAbsent(name, SnnUiModule::load) : null;
        if (bytes == null || bytes.length == 0) {
            files.remove(name);
            rc.response().setStatusCode(404).putHeader("content-type", "text/plain; charset=utf-8")
                    .end("not found: " + name);
            return;
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        rc.response().putHeader("content-type", CONTENT_TYPES.getOrDefault(ext, "application/octet-stream"))
                .end(Buffer.buffer(bytes));
    }

    /** The bytes of a file of {@link #RESOURCE_DIR}; empty if there is none (cached, so not null). */
    private static byte[] load(String name) {
        try (InputStream in = SnnUiModule.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("SNN view: cannot read classpath file " + RESOURCE_DIR + name, e);
        }
    }
}
