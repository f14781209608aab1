package org.dl4j.snn.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.dl4j.snn.datasets.format.IoErrors;
import org.dl4j.snn.examples.ui.SnnUi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ui}: serves DL4J's training UI with the SNN view for a stats file written by {@code train --stats-file},
 * until the process is stopped.
 * Prints {@code Training UI: <url>} and {@code SNN view: <url>} as {@code train --ui} does.
 */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Serve the training UI (with the SNN view) for a stats file written by 'train --stats-file'.")
public final class UiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--stats-file", required = true, paramLabel = "FILE",
            description = "DL4J stats file written by 'train --stats-file'.")
    Path statsFile;

    @Mixin
    UiAddress address = new UiAddress();

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(statsFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--stats-file " + statsFile + ": no such file");
        }
        if (!Files.isReadable(statsFile)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--stats-file " + statsFile + ": cannot read it (permission denied)");
        }
        StatsStorage storage;
        try {
            storage = new FileStatsStorage(statsFile.toFile());
            storage.listSessionIDs();
        } catch (RuntimeException | Error e) {
            if (e instanceof Error && !(e instanceof OutOfMemoryError || e.getClass().getName().contains("mapdb"))) {
                throw e;
            }
            throw new IllegalArgumentException("--stats-file " + statsFile + ": not a DL4J stats file written by "
                    + "'train --stats-file' (" + IoErrors.describe(e) + ")", e);
        }
        SnnUi.start(address.host(), address.port(), storage);
        PrintWriter out = spec.commandLine().getOut();
        SnnUi.printUrls(out);
        out.println("Serving " + statsFile.toAbsolutePath().normalize()
                + " until the process is stopped (Ctrl-C)");
        out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
