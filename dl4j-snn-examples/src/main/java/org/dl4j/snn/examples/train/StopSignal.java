package org.dl4j.snn.examples.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM (what {@code kill} and {@code Process.destroy()} send) into a polite stop
 * request while installed: the first signal only sets a flag that the training loop polls after every batch
 * ({@link Trainer.Builder#stopWhen}), so the process can finish the batch, keep its checkpoint consistent and exit
 * with a message; a second signal ends the process at once (exit code 128 + signal number), which is safe too
 * because checkpoints are written atomically.
 *
 * <p>Handled as signals, not in a shutdown hook, so that the JVM does not start shutting down (and ND4J does not
 * release native memory) while a batch is still running. {@link #close} puts the previous handlers back.
 */
public final class StopSignal implements BooleanSupplier, AutoCloseable {
    private final PrintStream err;
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Signal received;

    private StopSignal(PrintStream err) {
        this.err = err;
    }

    /** Installs the handlers for INT and TERM (a signal the platform lacks is skipped). */
    public static StopSignal install(PrintStream err) {
        StopSignal s = new StopSignal(err);
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal sig = new Signal(name);
                s.previous.add(Signal.handle(sig, s::handle));
                s.signals.add(sig);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // e.g. a JVM started with -Xrs, or a platform without SIGTERM: that signal keeps its default
            }
        }
        return s;
    }

    private void handle(Signal sig) {
        if (received != null) {
            err.println("dl4j-snn: SIG" + sig.getName() + " again: stopping now");
            err.flush();
            Runtime.getRuntime().halt(128 + sig.getNumber());
        }
        received = sig;
        err.println();
        err.println("dl4j-snn: SIG" + sig.getName() + ": stopping after the current batch (send it again to stop at "
                + "once)");
        err.flush();
    }

    /** Whether a stop was requested. */
    @Override
    public boolean getAsBoolean() {
        return received != null;
    }

    /** The signal received, e.g. {@code SIGINT}, or null. */
    public String signalName() {
        Signal s = received;
        return s == null ? null : "SIG" + s.getName();
    }

    /** The shell's exit status for the signal received: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
    public int exitCode() {
        Signal s = received;
        return s == null ? 0 : 128 + s.getNumber();
    }

    /** Restores the handlers that were there before {@link #install}. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        signals.clear();
        previous.clear();
    }
}
