package org.dl4j.snn.examples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.dl4j.snn.examples.ui.TrainingUi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command-line options of the training UI, as a picocli mixin ({@code @Mixin UiOptions ui;}):
 * {@code --ui}, {@code --ui-host}, {@code --ui-port}, {@code --ui-wait}, {@code --stats-file}, {@code --stats-every}.
 * {@link #open} turns them into a {@link TrainingUi}; with neither {@code --ui} nor {@code --stats-file} it does
 * nothing.
 */
public final class UiOptions {

    @Option(names = "--ui", description = "Serve DL4J's training UI with the SNN view (firing rates, dead / saturated "
            + "neurons, tau / theta / v0) during training and print its URL.")
    boolean ui;

    @Mixin
    UiAddress address = new UiAddress();

    @Option(names = "--ui-wait", description = "Keep serving the UI after training until the process is stopped "
            + "(Ctrl-C).")
    boolean waitAfterTraining;

    @Option(names = "--stats-file", paramLabel = "FILE",
            description = "Write DL4J stats storage (with the spike monitor's records) to FILE, to view later with "
                    + "'dl4j-snn ui --stats-file FILE'. Sessions are added to an existing file.")
    Path statsFile;

    @Option(names = "--stats-every", defaultValue = "10", paramLabel = "N",
            description = "Iterations between two reports to the UI / stats file (default ${DEFAULT-VALUE}).")
    int statsEvery = 10;

    /** Whether the UI is asked for. */
    public boolean ui() {
        return ui;
    }

    /** The stats file, or null. */
    public Path statsFile() {
        return statsFile;
    }

    /**
     * Opens the storage and, with {@code --ui}, starts the server and prints its URLs to {@code out}.
     *
     * @throws IllegalArgumentException for a bad option value (named)
     * @throws IllegalStateException    if the UI cannot listen on the address
     */
    public TrainingUi open(PrintStream out) {
        return TrainingUi.open(ui, address.host(), address.port(), statsFile, statsEvery, waitAfterTraining, out);
    }
}
