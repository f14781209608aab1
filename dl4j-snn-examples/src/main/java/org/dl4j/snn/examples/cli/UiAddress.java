package org.dl4j.snn.examples.cli;

import org.dl4j.snn.examples.ui.SnnUi;
import picocli.CommandLine.Option;

/**
 * Where the training UI listens, as a picocli mixin shared by {@code train} ({@link UiOptions}) and {@code ui}
 * ({@link UiCommand}): {@code --ui-host} (default loopback, 127.0.0.1) and {@code --ui-port} (default 9000; 0 picks
 * a free port).
 */
public final class UiAddress {

    @Option(names = "--ui-host", defaultValue = SnnUi.DEFAULT_HOST, paramLabel = "HOST",
            description = "Address the UI listens on (default ${DEFAULT-VALUE}: this machine only). Another address "
                    + "exposes the training to the network, without authentication; a warning is printed.")
    String host = SnnUi.DEFAULT_HOST;

    @Option(names = "--ui-port", defaultValue = "9000", paramLabel = "PORT",
            description = "Port of the UI (default ${DEFAULT-VALUE}; 0: any free port).")
    int port = SnnUi.DEFAULT_PORT;

    /** The host. */
    public String host() {
        return host;
    }

    /** The port (0: any free one). */
    public int port() {
        return port;
    }
}
