package org.dl4j.snn.datasets.testing;

import org.dl4j.snn.datasets.format.ShdReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Writer of real HDF5 files in the SHD/SSC layout, the inverse of {@link ShdReader}, produced by h5py.
 *
 * <p>Layout: {@code spikes/times} and {@code spikes/units} as variable-length arrays (one per sample),
 * {@code labels}, {@code extra/speaker}, {@code extra/keys}; the element types are chosen per file (default
 * float16 times and uint16 units). Java has no HDF5 writer for variable-length data, so the samples are passed
 * to the bundled script {@code write_shd_h5.py}, run with the first Python that can import h5py:
 * {@code -Dsnn.python=...}, then {@code $SNN_PYTHON}, then {@code /usr/bin/python3}, then {@code python3}
 * (Debian/Ubuntu: {@code apt-get install -y python3-h5py}).
 */
public final class ShdWriter {
    /** One sample: spike times in seconds, channels, class and speaker (unequal lengths make a corrupt file). */
    public record Sample(double[] timesS, int[] units, int label, int speaker) {
        public Sample {
            Objects.requireNonNull(timesS, "timesS");
            Objects.requireNonNull(units, "units");
        }
    }

    /**
     * Element types and deliberate defects of the file.
     *
     * @param timesDtype  numpy dtype of {@code spikes/times} ({@code float16}, {@code float32}, {@code float64})
     * @param unitsDtype  numpy dtype of {@code spikes/units} ({@code uint8}, {@code uint16}, {@code uint32}, ...)
     * @param labelsDtype numpy dtype of {@code labels}
     * @param chunks      chunk length of the variable-length datasets, 0 for contiguous storage
     * @param omit        dataset paths to leave out (e.g. {@code "spikes/times"})
     */
    public record Options(String timesDtype, String unitsDtype, String labelsDtype, int chunks, List<String> omit) {
        /** float16 times, uint16 units and labels, contiguous, complete. */
        public static Options defaults() {
            return new Options("float16", "uint16", "uint16", 0, List.of());
        }

        public Options withTypes(String times, String units) {
            return new Options(times, units, labelsDtype, chunks, omit);
        }

        public Options withChunks(int n) {
            return new Options(timesDtype, unitsDtype, labelsDtype, n, omit);
        }

        public Options omitting(String... paths) {
            return new Options(timesDtype, unitsDtype, labelsDtype, chunks, List.of(paths));
        }
    }

    private static final String SCRIPT = "write_shd_h5.py";
    private static final long TIMEOUT_S = 120;
    private static String python;

    private ShdWriter() {
    }

    /** Writes {@code samples} (with class names {@code keys}) to {@code h5}. */
    public static void write(Path h5, List<Sample> samples, List<String> keys, Options options) throws IOException {
        Path dir = Files.createTempDirectory("shd-writer");
        try {
            Path spec = dir.resolve("spec.bin");
            Files.write(spec, spec(samples, keys));
            Path script = dir.resolve(SCRIPT);
            try (InputStream in = ShdWriter.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + SCRIPT + " missing next to " + ShdWriter.class);
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd = new ArrayList<>(List.of(python(), script.toString(), "--spec", spec.toString(),
                    "--out", h5.toAbsolutePath().toString(), "--times-dtype", options.timesDtype(),
                    "--units-dtype", options.unitsDtype(), "--labels-dtype", options.labelsDtype(),
                    "--chunks", Integer.toString(options.chunks())));
            for (String o : options.omit()) {
                cmd.add("--omit");
                cmd.add(o);
            }
            Run r = run(cmd);
            if (r.exit != 0) {
                throw new IOException("h5py writer failed (exit " + r.exit + "): " + String.join(" ", cmd) + "\n"
                        + r.output);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The Python executable with h5py that the writer uses; fails with install instructions if none. */
    public static synchronized String python() {
        if (python != null) {
            return python;
        }
        List<String> candidates = new ArrayList<>();
        String prop = System.getProperty("snn.python");
        if (prop != null && !prop.isBlank()) {
            candidates.add(prop);
        }
        String env = System.getenv("SNN_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String c : candidates) {
            try {
                if (run(List.of(c, "-c", "import h5py")).exit == 0) {
                    python = c;
                    return c;
                }
            } catch (IOException e) {
                // not installed under this name; try the next candidate
            }
        }
        throw new IllegalStateException("no Python with h5py among " + candidates + "; install it with "
                + "'apt-get update && apt-get install -y python3-h5py' or point -Dsnn.python at one");
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + TIMEOUT_S + " s: " + cmd);
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
    }

    /** The little-endian spec file the script reads (format in its docstring). */
    private static byte[] spec(List<Sample> samples, List<String> keys) {
        long size = 16;
        for (Sample s : samples) {
            size += 16 + 8L * (s.timesS().length + s.units().length);
        }
        List<byte[]> keyBytes = new ArrayList<>();
        for (String k : keys) {
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            keyBytes.add(b);
            size += 4 + b.length;
        }
        ByteBuffer bb = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        bb.put("SHDSPEC1".getBytes(StandardCharsets.US_ASCII)).putInt(samples.size());
        for (Sample s : samples) {
            bb.putInt(s.timesS().length).putInt(s.units().length).putInt(s.label()).putInt(s.speaker());
            for (double t : s.timesS()) {
                bb.putDouble(t);
            }
            for (int u : s.units()) {
                bb.putLong(u);
            }
        }
        bb.putInt(keyBytes.size());
        for (byte[] b : keyBytes) {
            bb.putInt(b.length).put(b);
        }
        return Arrays.copyOf(bb.array(), bb.position());
    }

}
