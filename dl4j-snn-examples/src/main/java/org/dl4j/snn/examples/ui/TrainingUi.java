package org.dl4j.snn.examples.ui;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.dl4j.snn.monitor.SpikeMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run's UI and stats storage, as asked for by {@code train}'s UI options ({@code --ui},
 * {@code --ui-host}, {@code --ui-port}, {@code --ui-wait}, {@code --stats-file}, {@code --stats-every}): the storage
 * (a file with {@code --stats-file}, else in memory), the UI serving it (with {@code --ui}) and the listeners feeding
 * it. Lifecycle: {@link #open} → {@link #attach} → training → {@link #trainingDone} (which blocks with
 * {@code --ui-wait}) → {@link #close}; when neither {@code --ui} nor {@code --stats-file} is given, only the spike
 * monitor is attached and nothing is served or stored.
 *
 * <p>Printed to the given stream: {@code Training UI: http://127.0.0.1:9000/train/overview},
 * {@code SNN view: http://127.0.0.1:9000/snn}, {@code Stats file: <path>} and, with {@code --ui-wait},
 * {@code Training done; the UI keeps serving http://... until the process is stopped (Ctrl-C)}.
 */
public final class TrainingUi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrainingUi.class);

    private final StatsStorage storage;
    private final boolean serving;
    private final boolean waitAfterTraining;
    private final int every;
    private final PrintStream out;
    private UiListeners listeners;
    private SpikeMonitor attached;
    private boolean closed;

    private TrainingUi(StatsStorage storage, boolean serving, boolean waitAfterTraining, int every, PrintStream out) {
        this.storage = storage;
        this.serving = serving;
        this.waitAfterTraining = waitAfterTraining;
        this.every = every;
        this.out = out;
    }

    /**
     * Opens the storage and starts the UI as asked: with {@code ui}, serves it on {@code host:port} (port 0: any
     * free one); with a {@code statsFile}, records to that file (sessions are added to an existing one), else, with
     * {@code ui}, in memory; reports every {@code every} iterations; with {@code waitAfterTraining},
     * {@link #trainingDone} keeps serving until the process is stopped. The messages name the options of
     * {@code train}.
     *
     * @throws IllegalArgumentException naming the option, for {@code every < 1}, {@code --ui-wait} without
     *                                  {@code --ui}, a stats file that cannot be created, or a bad host / port
     * @throws IllegalStateException    if the UI cannot listen on {@code host:port}
     */
    public static TrainingUi open(boolean ui, String host, int port, Path statsFile, int every,
                                  boolean waitAfterTraining, PrintStream out) {
        if (every < 1) {
            throw new IllegalArgumentException("--stats-every must be >= 1, got " + every);
        }
        if (waitAfterTraining && !ui) {
            throw new IllegalArgumentException("--ui-wait needs --ui");
        }
        if (!ui && statsFile == null) {
            return new TrainingUi(null, false, false, every, out);
        }
        StatsStorage storage = statsFile == null ? new InMemoryStatsStorage() : fileStorage(statsFile);
        if (ui) {
            try {
                SnnUi.start(host, port, storage);
                PrintWriter w = new PrintWriter(out, true);
                SnnUi.printUrls(w);
                w.flush();
            } catch (RuntimeException e) {
                closeQuietly(storage);
                throw e;
            }
        }
        if (statsFile != null) {
            out.println("Stats file: " + statsFile.toAbsolutePath().normalize());
        }
        out.flush();
        return new TrainingUi(storage, ui, waitAfterTraining, every, out);
    }

    /** Whether anything is recorded (--ui or --stats-file given). */
    public boolean active() {
        return storage != null;
    }

    /** The storage, or null when inactive. */
    public StatsStorage storage() {
        return storage;
    }

    /**
     * Builds the spike monitor from {@code monitor} and adds it to {@code model}'s listeners; when recording
     * (--ui / --stats-file), the monitor also posts to the storage every {@code --stats-every} iterations and DL4J's
     * stats listener is added too (see {@link UiListeners}). Without those options this is
     * {@code model.addListeners(monitor.build())}.
     *
     * @param monitor the run's monitor settings (e.g. {@code SpikeMonitor.builder().runFolder(output)})
     * @return the monitor (the caller may close it; {@link #trainingDone} and {@link #close} close it too)
     * @throws IllegalStateException if called twice
     */
    public SpikeMonitor attach(Model model, SpikeMonitor.Builder monitor) {
        if (attached != null) {
            throw new IllegalStateException("TrainingUi: a monitor is already attached");
        }
        if (storage == null) {
            attached = monitor.build();
            model.addListeners(attached);
            return attached;
        }
        listeners = UiListeners.create(storage, every, monitor);
        listeners.attachTo(model);
        attached = listeners.monitor();
        return attached;
    }

    /** The listeners posting to the storage, or null before {@link #attach} or when not recording. */
    public UiListeners listeners() {
        return listeners;
    }

    /**
     * Closes the spike monitor (it reports its unfinished intervals); with {@code --ui-wait}, then prints where the UI is and
     * blocks until the process is stopped.
     */
    public void trainingDone() throws InterruptedException {
        trainingDone(() -> false);
    }

    /**
     * {@link #trainingDone()} that stops waiting as soon as {@code stop} turns true (the training's Ctrl-C / SIGTERM
     * handler, which otherwise only sets a flag), so the first signal ends the UI as it ends {@code dl4j-snn ui}.
     */
    public void trainingDone(BooleanSupplier stop) throws InterruptedException {
        closeListeners();
        if (serving && waitAfterTraining) {
            out.println("Training done; the UI keeps serving " + SnnUi.url(SnnUi.SNN_PATH)
                    + " until the process is stopped (Ctrl-C)");
            out.flush();
            while (!stop.getAsBoolean()) {
                Thread.sleep(100);
            }
            out.println("Stopping the UI");
            out.flush();
        }
    }

    /** Closes the listeners, stops the UI and closes the storage (a stats file is then complete). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeListeners();
        } finally {
            if (serving) {
                SnnUi.detach(storage);
                SnnUi.stop();
            }
            if (storage != null) {
                closeQuietly(storage);
            }
        }
    }

    private void closeListeners() {
        if (attached != null) {
            attached.close();
        }
    }

    private static StatsStorage fileStorage(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--stats-file " + file + ": cannot create its folder ("
                    + org.dl4j.snn.datasets.format.IoErrors.describe(e) + ")", e);
        }
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException("--stats-file " + file + " is a folder; give a file name");
        }
        try {
            return new FileStatsStorage(abs.toFile());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--stats-file " + file + ": not a DL4J stats file or not writable ("
                    + org.dl4j.snn.datasets.format.IoErrors.describe(e) + ")", e);
        }
    }

    private static void closeQuietly(StatsStorage storage) {
        try {
            storage.close();
        } catch (IOException | RuntimeException e) {
            log.warn("Closing the stats storage failed: {}", e.toString());
        }
    }
}
