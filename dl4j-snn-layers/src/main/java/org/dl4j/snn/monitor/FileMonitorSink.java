package org.dl4j.snn.monitor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * A {@link MonitorSink} appending one text line per record to a file: CSV ({@link #csv}) or JSON lines
 * ({@link #jsonLines}), in the formats of {@link MonitorRecordFormat}.
 * The file is flushed at every reporting point so that it can be read while training runs; a CSV file gets its
 * header line when it starts empty.
 */
public final class FileMonitorSink implements MonitorSink {
    /** Default file name of the CSV records inside a run folder. */
    public static final String CSV_FILE = "spike-monitor.csv";
    /** Default file name of the JSON-lines records inside a run folder. */
    public static final String JSONL_FILE = "spike-monitor.jsonl";

    private final Path file;
    private final BufferedWriter out;
    private final Function<MonitorRecord, String> line;

    private FileMonitorSink(Path file, boolean append, String header, Function<MonitorRecord, String> line) {
        this.file = file;
        this.line = line;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean empty = !append || !Files.exists(file) || Files.size(file) == 0;
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            if (header != null && empty) {
                out.write(header);
                out.write('\n');
                out.flush();
            }
        } catch (IOException e) {
            throw MonitorRecordFormat.ioFailure("cannot open " + file, e);
        }
    }

    /**
     * CSV records in {@code file}.
     *
     * @param append keep existing rows (e.g. a resumed run) instead of truncating the file
     */
    public static FileMonitorSink csv(Path file, boolean append) {
        return new FileMonitorSink(file, append, MonitorRecordFormat.csvHeader(), MonitorRecordFormat::toCsv);
    }

    /**
     * JSON-lines records in {@code file}.
     *
     * @param append keep existing lines (e.g. a resumed run) instead of truncating the file
     */
    public static FileMonitorSink jsonLines(Path file, boolean append) {
        return new FileMonitorSink(file, append, null, MonitorRecordFormat::toJson);
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    @Override
    public void accept(MonitorRecord record) {
        try {
            out.write(line.apply(record));
            out.write('\n');
        } catch (IOException e) {
            throw MonitorRecordFormat.ioFailure("cannot write " + file, e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw MonitorRecordFormat.ioFailure("cannot flush " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw MonitorRecordFormat.ioFailure("cannot close " + file, e);
        }
    }
}
