package org.dl4j.snn.datasets.format;

import org.dl4j.snn.datasets.testing.Aedat20Writer;
import org.dl4j.snn.datasets.testing.Aedat31Writer;
import org.dl4j.snn.datasets.testing.Cifar10BinWriter;
import org.dl4j.snn.datasets.testing.IdxWriter;
import org.dl4j.snn.datasets.testing.ShdWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded mutation fuzzer over real sample files of every format: each case flips bits, overwrites bytes or
 * header integers with extreme values, truncates, inserts, duplicates or deletes a chunk of a real file (biased
 * towards its headers), and reads the result with the format's reader.
 *
 * <p>Every outcome must be either a valid result (events inside the sensor, in time order for the camera formats,
 * within the plausible duration; images and labels of consistent sizes) or an {@link EventFormatException} whose
 * message starts with the file's path; any other exception, an {@code OutOfMemoryError} or a read taking longer
 * than {@value #HANG_S} s fails the test, which saves the offending file under {@code target/fuzz-failures} and names
 * the seed and the mutation.
 *
 * <p>Seed files: real N-MNIST and DVS128 Gesture (.bs2) recordings and the real MNIST t10k files (first 64 images)
 * from {@code ../shared/data}; AEDAT 2.0 / 3.1, CIFAR-10, SHD and the gesture text files are written by the test
 * writers from real N-MNIST events and MNIST pixels. Bounded: {@link #CASES} cases per format (fewer for SHD, whose
 * files are opened from disk) and at most {@link #BUDGET_S} s per format, about a minute in all on 2 cores.
 * {@code -Dsnn.fuzz.seed=N} and {@code -Dsnn.fuzz.cases=N} change the seed and the count.
 */
class ReaderFuzzTest {
    private static final Logger log = LoggerFactory.getLogger(ReaderFuzzTest.class);
    static final long SEED = Long.getLong("snn.fuzz.seed", 20_2026L);
    static final int CASES = Integer.getInteger("snn.fuzz.cases", 4000);
    static final int BUDGET_S = 30;
    static final int HANG_S = 10;
    private static final int[] EXTREMES = {0, -1, 1, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0x10000, 240, 28, 8};

    @TempDir
    static Path tmp;
    static ExecutorService worker;
    static List<byte[]> atis = new ArrayList<>();
    static List<byte[]> aedat2 = new ArrayList<>();
    static List<byte[]> aedat3 = new ArrayList<>();
    static byte[] idxImages;
    static byte[] idxLabels;

    /** What a case does with its (mutated) file; throws for a clean refusal, returns normally for a valid read. */
    @FunctionalInterface
    interface Read {
        void read(Path file, byte[] bytes, int caseNo) throws Exception;
    }

    @BeforeAll
    static void seedFiles() throws IOException {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-reader");
            t.setDaemon(true);
            return t;
        });
        Path nmnist = FormatTestSupport.dataDir("nmnist-small").resolve("Train");
        List<Path> files;
        try (Stream<Path> s = Files.walk(nmnist)) {
            files = s.filter(f -> f.toString().endsWith(".bin")).sorted().toList();
        }
        for (int i = 0; i < files.size(); i += files.size() / 12) {
            byte[] b = Files.readAllBytes(files.get(i));
            atis.add(b);
            Events e = AtisBinReader.nmnist().decode(b, files.get(i));
            aedat2.add(Aedat20Writer.encode(e));
            aedat3.add(withOtherPacket(Aedat31Writer.encode(e, 200 + 97 * i % 300)));
        }
        Path bs2 = FormatTestSupport.dataDir("dvsgesture-bs2").resolve("1.bs2");
        atis.add(Arrays.copyOf(Files.readAllBytes(bs2), 5 * 20_000));
        Path mnist = FormatTestSupport.dataDir("mnist-t10k");
        byte[] images = IdxReader.readMaybeGzipped(mnist.resolve("t10k-images-idx3-ubyte.gz"));
        byte[] labels = IdxReader.readMaybeGzipped(mnist.resolve("t10k-labels-idx1-ubyte.gz"));
        idxImages = IdxWriter.encodeImages(64, 28, 28, Arrays.copyOfRange(images, 16, 16 + 64 * 784), false);
        int[] lab = new int[64];
        for (int i = 0; i < 64; i++) {
            lab[i] = labels[8 + i] & 0xFF;
        }
        idxLabels = IdxWriter.encodeLabels(lab, false);
    }

    @AfterAll
    static void stop() {
        worker.shutdownNow();
    }

    private static byte[] withOtherPacket(byte[] aedat) {
        byte[] other = new Aedat31Writer("").otherPacket(0, 8, 3).toByteArray();
        int at = Aedat31Writer.HEADER.length();
        byte[] out = new byte[aedat.length + other.length];
        System.arraycopy(aedat, 0, out, 0, at);
        System.arraycopy(other, 0, out, at, other.length);
        System.arraycopy(aedat, at, out, at + other.length, aedat.length - at);
        return out;
    }

    @Test
    void atisBin() throws Exception {
        fuzz("atis", atis, 64, CASES, (file, bytes, k) -> {
            AtisBinReader r = k % 3 == 0 ? AtisBinReader.dvsGestureBs2() : AtisBinReader.nmnist();
            checkEvents(policy(r, k).read(file), true, r.checks(), AtisBinReader.MAX_DURATION_S);
        });
    }

    @Test
    void aedat20() throws Exception {
        fuzz("aedat2", aedat2, 128, CASES, (file, bytes, k) -> {
            Aedat20Reader r = new Aedat20Reader();
            checkEvents(policy(r, k).read(file), true, r.checks(), Aedat20Reader.MAX_DURATION_S);
        });
    }

    @Test
    void aedat31() throws Exception {
        fuzz("aedat3", aedat3, 256, CASES, (file, bytes, k) -> {
            Aedat31Reader r = new Aedat31Reader(128, 128, k % 5 != 0);
            checkEvents(policy(r, k).read(file), true, r.checks(), Aedat31Reader.MAX_DURATION_S);
        });
    }

    @Test
    void idx() throws Exception {
        List<byte[]> seeds = List.of(idxImages, IdxWriter.gzip(idxImages), idxLabels, IdxWriter.gzip(idxLabels));
        fuzz("idx", seeds, 32, CASES, (file, bytes, k) -> {
            if (k % 4 < 2) {
                IdxImages img = IdxReader.readImages(file);
                assertThat((long) img.count() * img.rows() * img.cols()).isEqualTo(img.pixels().length);
            } else {
                int[] labels = IdxReader.readLabels(file);
                assertThat(java.util.Arrays.stream(labels).allMatch(l -> l >= 0 && l <= 255)).isTrue();
            }
        });
    }

    @Test
    void cifar10Batches() throws Exception {
        byte[] pixels = Arrays.copyOfRange(idxImages, 16, 16 + 4 * Cifar10BinReader.IMAGE_BYTES);
        byte[] batch = Cifar10BinWriter.encode(new int[] {3, 1, 4, 1}, pixels);
        fuzz("cifar10", List.of(batch), 16, CASES / 2, (file, bytes, k) -> {
            Cifar10Batch b = Cifar10BinReader.read(file);
            assertThat(java.util.Arrays.stream(b.labels()).allMatch(l -> l >= 0 && l <= 9)).isTrue();
        });
    }

    @Test
    void gestureTextFiles() throws Exception {
        byte[] labels = (GestureLabels.HEADER + "\r\n1,80048239,85092709\r\n11,86000000,87000000\r\n"
                + "3,87000001,91000000\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] trials = "user01_fluorescent.aedat\nuser01_led.aedat\n\nuser02_natural.aedat\n"
                .getBytes(StandardCharsets.US_ASCII);
        fuzz("gesture-text", List.of(labels, trials), 64, CASES / 2, (file, bytes, k) -> {
            if (k % 2 == 0) {
                GestureLabels l = GestureLabels.read(file);
                for (int i = 0; i < l.size(); i++) {
                    assertThat(l.label(i)).isBetween(0, GestureLabels.NUM_CLASSES - 1);
                    assertThat(l.endUs(i)).isGreaterThan(l.startUs(i));
                }
            } else {
                assertThat(GestureTrials.read(file)).isNotEmpty()
                        .allSatisfy(p -> assertThat(p.toString()).endsWith(".aedat"));
            }
        });
    }

    @Test
    void shdHdf5() throws Exception {
        List<ShdWriter.Sample> samples = new ArrayList<>();
        Events e = AtisBinReader.nmnist().decode(atis.get(0), Path.of("seed.bin"));
        for (int s = 0; s < 5; s++) {
            int n = 40 + 7 * s;
            double[] t = new double[n];
            int[] u = new int[n];
            for (int i = 0; i < n; i++) {
                t[i] = e.t(i + s * 50) / 1e6;
                u[i] = e.x(i + s * 50) * 20 + e.y(i + s * 50) % 20;
            }
            samples.add(new ShdWriter.Sample(t, u, s, s % 2));
        }
        List<byte[]> seeds = new ArrayList<>();
        for (ShdWriter.Options o : List.of(ShdWriter.Options.defaults(),
                ShdWriter.Options.defaults().withTypes("float32", "uint32").withChunks(2))) {
            Path f = tmp.resolve("seed-" + seeds.size() + ".h5");
            ShdWriter.write(f, samples, List.of("a", "b", "c", "d", "e"), o);
            seeds.add(Files.readAllBytes(f));
        }
        fuzz("shd", seeds, 2048, Math.max(50, CASES / 6), (file, bytes, k) -> {
            try (ShdReader r = new ShdReader(file)) {
                for (int i = 0; i < Math.min(r.size(), 8); i++) {
                    checkEvents(r.read(i, k % 2 == 0 ? EventChecks.defaults()
                            : EventChecks.defaults().withTimestamps(TimestampPolicy.FAIL)).events(), false,
                            EventChecks.defaults(), ShdReader.MAX_DURATION_S);
                    assertThat(r.label(i)).isNotNegative();
                }
            }
        });
    }

    private static <R extends EventFileReader> EventFileReader policy(R reader, int k) {
        return switch (k % 3) {
            case 0 -> reader;
            case 1 -> reader.withChecks(EventChecks.defaults().withTimestamps(TimestampPolicy.FAIL));
            default -> reader.withChecks(EventChecks.defaults().withTimestamps(TimestampPolicy.SKIP_SAMPLE));
        };
    }

    /** A valid recording: equal lengths, inside the sensor, polarity 0/1, ordered and within the duration. */
    private static void checkEvents(Events e, boolean ordered, EventChecks checks, long maxDurationS) {
        int n = e.size();
        assertThat(e.y()).hasSize(n);
        assertThat(e.t()).hasSize(n);
        assertThat(e.p()).hasSize(n);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            assertThat(e.x(i)).isBetween(0, e.width() - 1);
            assertThat(e.y(i)).isBetween(0, e.height() - 1);
            assertThat(e.p(i)).isBetween(0, 1);
            if (ordered && i > 0) {
                assertThat(e.t(i)).as("event %d in time order", i).isGreaterThanOrEqualTo(e.t(i - 1));
            }
            min = Math.min(min, e.t(i));
            max = Math.max(max, e.t(i));
        }
        if (n > 0) {
            assertThat(max - min).isLessThanOrEqualTo(checks.durationFor(maxDurationS * 1_000_000L));
            assertThat((double) n).isLessThanOrEqualTo(checks.maxEventsPerUs() * (max - min + 1));
        }
    }

    private static void fuzz(String format, List<byte[]> seeds, int headerBias, int cases, Read read)
            throws Exception {
        Random rnd = new Random(SEED ^ format.hashCode());
        Path dir = Files.createDirectories(tmp.resolve(format));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUDGET_S);
        int valid = 0;
        int refused = 0;
        int done = 0;
        for (int k = 0; k < cases && System.nanoTime() < deadline; k++, done++) {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            StringBuilder how = new StringBuilder();
            byte[] mutated = mutate(seed, rnd, headerBias, how);
            Path file = dir.resolve("case-" + k + "." + format);
            Files.write(file, mutated);
            final int caseNo = k;
            Future<?> f = worker.submit(() -> {
                read.read(file, mutated, caseNo);
                return null;
            });
            try {
                f.get(HANG_S, TimeUnit.SECONDS);
                valid++;
            } catch (TimeoutException e) {
                f.cancel(true);
                throw failure(format, k, how, mutated, "no result within " + HANG_S + " s (a hang?)", null);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof EventFormatException efe && efe.getMessage() != null
                        && efe.getMessage().startsWith(file.toString())) {
                    refused++;
                } else {
                    throw failure(format, k, how, mutated, "not a clean EventFormatException naming the file: " + c,
                            c);
                }
            }
            Files.delete(file);
        }
        log.info(String.format(Locale.ROOT, "fuzz %s: %d cases (seed %d): %d read as valid, %d refused with an "
                + "EventFormatException", format, done, SEED, valid, refused));
        assertThat(done).as("cases run within %d s", BUDGET_S).isGreaterThanOrEqualTo(Math.min(cases, 50));
    }

    private static AssertionError failure(String format, int k, StringBuilder how, byte[] bytes, String what,
                                          Throwable cause) throws IOException {
        Path saved = Path.of("target", "fuzz-failures", format + "-seed" + SEED + "-case" + k);
        Files.createDirectories(saved.getParent());
        Files.write(saved, bytes);
        return new AssertionError(format + " case " + k + " (seed " + SEED + ", mutation " + how + ", file saved as "
                + saved.toAbsolutePath() + "): " + what, cause);
    }

    /** One to three mutations, half of them within the first {@code headerBias} bytes. */
    static byte[] mutate(byte[] seed, Random rnd, int headerBias, StringBuilder how) {
        byte[] b = seed.clone();
        int steps = 1 + rnd.nextInt(3);
        for (int s = 0; s < steps; s++) {
            int len = b.length;
            int at = len == 0 ? 0 : rnd.nextBoolean() ? rnd.nextInt(Math.min(len, headerBias))
                    : rnd.nextInt(len);
            switch (rnd.nextInt(8)) {
                case 0 -> {
                    int bits = 1 + rnd.nextInt(8);
                    for (int i = 0; i < bits && len > 0; i++) {
                        int p = Math.min(len - 1, at + rnd.nextInt(16));
                        b[p] ^= (byte) (1 << rnd.nextInt(8));
                    }
                    how.append("flip ").append(bits).append(" bit(s) near ").append(at).append("; ");
                }
                case 1 -> {
                    int n = 1 + rnd.nextInt(8);
                    byte v = (byte) (rnd.nextBoolean() ? (rnd.nextBoolean() ? 0 : 0xFF) : rnd.nextInt(256));
                    for (int i = at; i < Math.min(len, at + n); i++) {
                        b[i] = v;
                    }
                    how.append("set ").append(n).append(" byte(s) at ").append(at).append(" to ").append(v & 0xFF)
                            .append("; ");
                }
                case 2 -> {
                    if (len >= 4) {
                        int p = Math.min(at, len - 4);
                        int v = EXTREMES[rnd.nextInt(EXTREMES.length)];
                        ByteBuffer.wrap(b).order(rnd.nextBoolean() ? java.nio.ByteOrder.BIG_ENDIAN
                                : java.nio.ByteOrder.LITTLE_ENDIAN).putInt(p, v);
                        how.append("int ").append(v).append(" at ").append(p).append("; ");
                    }
                }
                case 3 -> {
                    int cut = len == 0 ? 0 : rnd.nextInt(len);
                    b = Arrays.copyOf(b, cut);
                    how.append("truncate to ").append(cut).append("; ");
                }
                case 4 -> {
                    int n = 1 + rnd.nextInt(64);
                    byte[] ins = new byte[n];
                    rnd.nextBytes(ins);
                    b = splice(b, at, 0, ins);
                    how.append("insert ").append(n).append(" random byte(s) at ").append(at).append("; ");
                }
                case 5 -> {
                    int n = Math.min(len - at, 1 + rnd.nextInt(256));
                    if (n > 0) {
                        b = splice(b, at, 0, Arrays.copyOfRange(b, at, at + n));
                        how.append("duplicate ").append(n).append(" byte(s) at ").append(at).append("; ");
                    }
                }
                case 6 -> {
                    int n = Math.min(len - at, 1 + rnd.nextInt(256));
                    b = splice(b, at, Math.max(0, n), new byte[0]);
                    how.append("delete ").append(n).append(" byte(s) at ").append(at).append("; ");
                }
                default -> {
                    if (len > 0) {
                        int p = rnd.nextInt(len);
                        byte[] tail = new byte[Math.min(len - p, 1 + rnd.nextInt(4096))];
                        rnd.nextBytes(tail);
                        System.arraycopy(tail, 0, b, p, tail.length);
                        how.append("randomise ").append(tail.length).append(" byte(s) at ").append(p).append("; ");
                    }
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        int a = Math.min(at, b.length);
        int r = Math.min(remove, b.length - a);
        byte[] out = new byte[b.length - r + insert.length];
        System.arraycopy(b, 0, out, 0, a);
        System.arraycopy(insert, 0, out, a, insert.length);
        System.arraycopy(b, a + r, out, a + insert.length, b.length - a - r);
        return out;
    }
}
