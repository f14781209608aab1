package org.dl4j.snn.examples.plot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dl4j.snn.examples.train.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a chart as {@code <name>.png} and {@code <name>.svg} (XChart's VectorGraphicsEncoder, backed by
 * VectorGraphics2D, which XChart depends on), each atomically.
 */
public final class ChartFiles {
    private ChartFiles() {
    }

    /**
     * @return the PNG and the SVG file
     * @throws UncheckedIOException naming the file that cannot be written
     */
    public static List<Path> save(Chart<?, ?> chart, Path folder, String name) {
        Path png = folder.resolve(name + ".png");
        Path svg = folder.resolve(name + ".svg");
        write(png, tmp -> {
            try (var out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
        write(svg, tmp -> {
            try (var out = Files.newOutputStream(tmp)) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        });
        return List.of(png, svg);
    }

    private static void write(Path file, AtomicFiles.Writer writer) {
        try {
            AtomicFiles.write(file, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
