package org.dl4j.snn.examples.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dl4j.snn.monitor.FileMonitorSink;
import org.dl4j.snn.monitor.MonitorRecordFormat;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Keeps a resumed run's {@code spike-monitor.csv} / {@code .jsonl} in step with its checkpoint: the records of
 * the epochs after the checkpoint (an interrupted epoch's partial counts, written when the monitor closed) are
 * dropped before the resumed run appends, so every epoch appears once, as in an uninterrupted run.
 * The monitor's {@code epoch} is DL4J's epoch count while the records were counted, i.e. epoch {@code e} of the
 * trainer (1-based) has monitor epoch {@code e - 1}.
 */
public final class MonitorFiles {
    private MonitorFiles() {
    }

    /** Drops the records of monitor epochs {@code >= epochs} from both files in {@code runFolder} (if present). */
    public static void keepEpochsBefore(Path runFolder, int epochs) throws IOException {
        int column = MonitorRecordFormat.CSV_COLUMNS.indexOf("epoch");
        Path csv = runFolder.resolve(FileMonitorSink.CSV_FILE);
        if (Files.isRegularFile(csv)) {
            List<String> keep = new ArrayList<>();
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                // The columns up to epoch are a label and numbers: no quoted commas before it.
                if (i == 0 || Integer.parseInt(lines.get(i).split(",", column + 2)[column]) < epochs) {
                    keep.add(lines.get(i));
                }
            }
            AtomicFiles.writeString(csv, keep.isEmpty() ? "" : String.join("\n", keep) + "\n");
        }
        Path jsonl = runFolder.resolve(FileMonitorSink.JSONL_FILE);
        if (Files.isRegularFile(jsonl)) {
            StringBuilder keep = new StringBuilder();
            for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = RunConfig.json().readTree(line);
                if (n.path("epoch").asInt() < epochs) {
                    keep.append(line).append('\n');
                }
            }
            AtomicFiles.writeString(jsonl, keep.toString());
        }
    }
}
