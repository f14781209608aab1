package org.dl4j.snn.examples.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv} of a run folder: one row per completed epoch with
 * {@code epoch,train_loss,test_accuracy,seconds,samples_per_second}. Rewritten whole (atomically) after every
 * epoch, so it always matches the run's checkpoint; {@code plot curves} reads it.
 */
public final class MetricsCsv {
    /** The file name in a run folder. */
    public static final String FILE = "metrics.csv";
    /** The header line. */
    public static final String HEADER = "epoch,train_loss,test_accuracy,seconds,samples_per_second";

    private MetricsCsv() {
    }

    /** Writes {@code epochs} to {@code file}, replacing it atomically. */
    public static void write(Path file, List<Trainer.EpochResult> epochs) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Trainer.EpochResult r : epochs) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s%n", r.epoch(), num(r.loss()), num(r.testAccuracy()),
                    num(r.seconds()), num(r.samplesPerSecond())));
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    private static String num(double v) {
        // Shortest text that reads back to the same double: resumed and uninterrupted runs compare exactly.
        return Double.toString(v);
    }

    /**
     * The rows of a {@code metrics.csv}.
     *
     * @throws IllegalArgumentException naming the file and line of a missing file, a wrong header or a bad row
     */
    public static List<Trainer.EpochResult> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist (a run folder gets it after its first epoch)");
        }
        if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
            throw new IllegalArgumentException(file + ": line 1 must be the header '" + HEADER + "', got '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        List<Trainer.EpochResult> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            try {
                if (f.length != 5) {
                    throw new NumberFormatException("5 fields expected, got " + f.length);
                }
                rows.add(new Trainer.EpochResult(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
                        Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is not a row of numbers ("
                        + e.getMessage() + "): '" + line + "'");
            }
        }
        return rows;
    }
}
