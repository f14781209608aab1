package org.dl4j.snn.examples.ui;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.deeplearning4j.ui.VertxUIServer;

/**
 * DL4J's training UI server ({@link VertxUIServer}: train module, assets, UI modules found by the service loader)
 * listening on one host and port instead of all interfaces.
 * It is the JVM's {@code UIServer.getInstance()} while it runs; {@link #getAddress()} is
 * {@code http://<host>:<actual port>}.
 *
 * <p>DL4J 1.0.0-M2.1 has no host option: {@code VertxUIServer.start} calls {@code listen(port, handler)}, which
 * Vert.x binds to 0.0.0.0. This subclass hands {@code start} a {@link BoundVertx} view of its Vert.x instance, so the
 * same {@code start} code builds DL4J's router and listens where we say.
 */
final class BoundUIServer extends VertxUIServer {
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long MAX_HANDLER_SECONDS = 30;

    private final String host;
    private final int port;

    private BoundUIServer(String host, int port) {
        // VertxUIServer's constructor makes this the JVM's instance.
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a server on {@code host}:{@code port} (port 0: a free one) and waits until it listens.
     *
     * @throws IllegalStateException naming the address if it cannot listen there (e.g. the port is in use)
     */
    static BoundUIServer start(String host, int port) {
        BoundUIServer server = new BoundUIServer(host, port);
        // DL4J's UI handlers read storages and render templates on the event loop; a first page render on a cold
        // JVM takes seconds, which Vert.x would log as a blocked thread at its default limit of 2 s.
        Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(MAX_HANDLER_SECONDS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS));
        CompletableFuture<String> deployed = new CompletableFuture<>();
        vertx.deployVerticle(server, r -> {
            if (r.succeeded()) {
                deployed.complete(r.result());
            } else {
                deployed.completeExceptionally(r.cause());
            }
        });
        try {
            deployed.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? rootCause(e) : e;
            stopQuietly(vertx);
            throw new IllegalStateException("DL4J UI: cannot listen on " + host + ":" + port + " (" + cause + ")",
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(vertx);
            throw new IllegalStateException("DL4J UI: interrupted while starting on " + host + ":" + port, e);
        }
        return server;
    }

    @Override
    public void init(Vertx vertx, Context context) {
        super.init(BoundVertx.bind(vertx, host, port), context);
    }

    /** The host the server listens on, as given. */
    String host() {
        return host;
    }

    /** The port asked for (0: any free port; {@link #getPort()} is the actual one). */
    int requestedPort() {
        return port;
    }

    @Override
    public String getAddress() {
        return "http://" + SnnUi.urlHost(host) + ":" + getPort();
    }

    private static void stopQuietly(Vertx vertx) {
        try {
            VertxUIServer.stopInstance();
        } catch (Exception ignored) {
            // The failure being reported is the one that matters.
        }
        vertx.close();
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
