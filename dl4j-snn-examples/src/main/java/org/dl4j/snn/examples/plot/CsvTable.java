package org.dl4j.snn.examples.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file with a header line, read for plotting: fields may be double-quoted (with {@code ""} for a quote),
 * as the spike monitor and the experiment runner write them.
 */
public final class CsvTable {
    private final Path file;
    private final List<String> header;
    private final List<List<String>> rows;

    private CsvTable(Path file, List<String> header, List<List<String>> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /**
     * Reads {@code file}, checking that it has the {@code required} columns.
     *
     * @throws IllegalArgumentException naming the file and the missing columns (and the header found), or a row
     *                                  with another number of fields than the header
     */
    public static CsvTable read(Path file, List<String> required) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist");
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException(file + " is empty; expected a header with the columns " + required);
        }
        List<String> header = split(lines.get(0)).stream().map(String::trim).toList();
        List<String> missing = required.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + " lacks the column(s) " + missing + "; its header is " + header);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = split(lines.get(i));
            if (f.size() != header.size()) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " has " + f.size() + " fields, the "
                        + "header " + header.size());
            }
            rows.add(f);
        }
        return new CsvTable(file, header, rows);
    }

    public Path file() {
        return file;
    }

    public List<List<String>> rows() {
        return rows;
    }

    /** Whether the file has {@code column}. */
    public boolean has(String column) {
        return header.contains(column);
    }

    /** The text of {@code column} in row {@code row}. */
    public String text(int row, String column) {
        return rows.get(row).get(header.indexOf(column));
    }

    /**
     * The number in {@code column} of row {@code row}; NaN for an empty field.
     *
     * @throws IllegalArgumentException naming the file, line and column of a field that is not a number
     */
    public double number(int row, String column) {
        String t = text(row, column).trim();
        if (t.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": line " + (row + 2) + ", column " + column + " is not a "
                    + "number: '" + t + "'");
        }
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
