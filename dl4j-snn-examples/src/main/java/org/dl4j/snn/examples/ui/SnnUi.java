package org.dl4j.snn.examples.ui;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.VertxUIServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DL4J's training UI with the SNN view, bound to one address (loopback by default), and stops it.
 * The server is DL4J's {@code VertxUIServer} (pages {@code /train/overview}, {@code /train/model}, ...) listening on
 * {@code host:port} only, plus {@link SnnUiModule}'s page {@value #SNN_PATH} and its JSON
 * {@value SnnUiModule#DATA_PATH}; the URL returned is {@code http://<host>:<port>/snn}.
 *
 * <pre>{@code
 * StatsStorage storage = new InMemoryStatsStorage();          // or new FileStatsStorage(file)
 * URI url = SnnUi.start("127.0.0.1", 9000, storage);            // prints nothing; the caller shows the URL
 * UiListeners.create(storage, 10).attachTo(net);                // StatsListener + SpikeMonitor -> storage
 * }</pre>
 *
 * <p>One server per JVM (DL4J's UI is a singleton): a second {@link #start} on the same host and port attaches
 * the storage to the running server; on another address it fails.
 */
public final class SnnUi {
    /** The host the UI binds to unless told otherwise: loopback, reachable from this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** DL4J's default UI port. */
    public static final int DEFAULT_PORT = VertxUIServer.DEFAULT_UI_PORT;
    /** Path of the SNN view. */
    public static final String SNN_PATH = SnnUiModule.PAGE_PATH;
    /** Path of DL4J's training overview page. */
    public static final String OVERVIEW_PATH = "/train/overview";

    private static final Logger log = LoggerFactory.getLogger(SnnUi.class);
    private static BoundUIServer server;
    private static Thread shutdownHook;

    private SnnUi() {
    }

    /**
     * Starts the UI on {@code host}:{@code port} (port 0: a free port) if it is not running, attaches
     * {@code storage}, and returns the SNN view's URL. A host that is not a loopback address is allowed with a
     * warning: the UI has no authentication, so anyone who can reach the port sees the training.
     *
     * @throws IllegalArgumentException if the host cannot be resolved or the port is outside 0..65535
     * @throws IllegalStateException    if it cannot listen there, or a UI server already runs on another address
     */
    public static synchronized URI start(String host, int port, StatsStorage storage) {
        Objects.requireNonNull(storage, "SnnUi.start: storage is null");
        InetAddress address = resolve(host);
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("SnnUi: port must be in 0..65535, got " + port);
        }
        if (server != null && !server.isStopped()) {
            if (!server.host().equals(host) || (port != 0 && port != server.getPort())) {
                throw new IllegalStateException("SnnUi: the UI already runs at " + server.getAddress()
                        + "; stop it before starting one on " + host + ":" + port);
            }
        } else {
            if (VertxUIServer.getInstance() != null && !VertxUIServer.getInstance().isStopped()) {
                throw new IllegalStateException("SnnUi: a DL4J UI server (UIServer.getInstance()) already runs at "
                        + VertxUIServer.getInstance().getAddress() + "; stop it first (UIServer.stopInstance())");
            }
            server = BoundUIServer.start(host, port);
            installShutdownHook();
            if (!address.isLoopbackAddress()) {
                log.warn("The training UI listens on {} ({}), not on loopback: anyone who can reach port {} of this "
                        + "machine can see the training (the UI has no authentication)", host,
                        address.getHostAddress(), server.getPort());
            }
        }
        server.attach(storage);
        return url(SNN_PATH);
    }

    /** Whether the UI runs. */
    public static synchronized boolean isRunning() {
        return server != null && !server.isStopped();
    }

    /**
     * The URL of {@code path} (e.g. {@link #SNN_PATH}, {@link #OVERVIEW_PATH}) on the running UI.
     *
     * @throws IllegalStateException if the UI does not run
     */
    public static synchronized URI url(String path) {
        if (!isRunning()) {
            throw new IllegalStateException("SnnUi: the UI does not run");
        }
        return URI.create(server.getAddress() + path);
    }

    /**
     * Prints the two lines that tell where the running UI is: {@code Training UI: <base>/train/overview} and
     * {@code SNN view: <base>/snn}.
     */
    public static void printUrls(PrintWriter out) {
        out.println("Training UI: " + url(OVERVIEW_PATH));
        out.println("SNN view: " + url(SNN_PATH));
    }

    /** Detaches {@code storage} from the running UI (e.g. before closing a file storage); no-op if not running. */
    public static synchronized void detach(StatsStorage storage) {
        if (isRunning()) {
            server.detach(storage);
        }
    }

    /** Stops the UI and frees its port; no-op if it does not run. */
    public static synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            VertxUIServer.stopInstance();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Stopping the training UI failed: {}", e.toString());
        } finally {
            server = null;
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // Called from the hook itself.
                }
                shutdownHook = null;
            }
        }
    }

    /**
     * The host as it appears in a URL: IPv6 literals in brackets, the wildcard address replaced by this machine's
     * name (a browser cannot open 0.0.0.0 everywhere).
     */
    static String urlHost(String host) {
        String h = host;
        try {
            if (InetAddress.getByName(host).isAnyLocalAddress()) {
                h = InetAddress.getLocalHost().getHostName();
            }
        } catch (UnknownHostException e) {
            // Keep the host as given.
        }
        return h.indexOf(':') >= 0 && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    private static InetAddress resolve(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("SnnUi: host is empty; use " + DEFAULT_HOST + " (this machine only) "
                    + "or an address of this machine");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("SnnUi: unknown host '" + host + "'", e);
        }
    }

    private static void installShutdownHook() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(SnnUi::stop, "snn-ui-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }
}
