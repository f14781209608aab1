package org.dl4j.snn.datasets.format;

import org.dl4j.snn.datasets.testing.ShdWriter;
import org.dl4j.snn.datasets.testing.ShdWriter.Options;
import org.dl4j.snn.datasets.testing.ShdWriter.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every file here is a real HDF5 file written by h5py (see {@link ShdWriter}). */
class ShdReaderTest {
    private static final List<String> KEYS = List.of("english-zero", "english-one", "german-null");

    @TempDir
    Path tmp;

    @Test
    void float16TimesAndUint16UnitsRoundTripToMicrosecondsAndChannels() throws IOException {
        // float16 holds k / 1024 s exactly for k < 2048, so the expected microseconds are exact.
        List<Sample> samples = randomSamples(new Random(1), 6, 699, 80, true);
        Path file = write("shd_train.h5", samples, Options.defaults());
        try (ShdReader reader = new ShdReader(file)) {
            assertThat(reader.size()).isEqualTo(6);
            assertThat(reader.keys()).isEqualTo(KEYS);
            assertMatches(reader, samples, s -> s);
            ShdSample first = reader.read(0);
            assertThat(first.events().width()).isEqualTo(700);
            assertThat(first.events().height()).isEqualTo(1);
            assertThat(first.events().y()).containsOnly((short) 0);
            assertThat(first.events().p()).containsOnly((byte) 0);
            assertThat(first.source()).isEqualTo("shd_train.h5 sample 0");
            assertThat(first.labelled().label()).isEqualTo(first.label());
        }
    }

    @Test
    void halfMicrosecondIsRoundedUp() throws IOException {
        // 8 / 1024 s = 7812.5 us -> 7813 us; 1 / 1024 s = 976.5625 us -> 977 us.
        Path file = write("ties.h5", List.of(new Sample(new double[]{1 / 1024.0, 8 / 1024.0}, new int[]{3, 4}, 1, 2)),
                Options.defaults());
        ShdSample s = ShdReader.readAll(file).get(0);
        assertThat(s.events().t()).containsExactly(977L, 7813L);
        assertThat(s.events().x()).containsExactly((short) 3, (short) 4);
        assertThat(s.label()).isEqualTo(1);
        assertThat(s.speaker()).isEqualTo(2);
    }

    @Test
    void float32TimesAndUint8UnitsInChunkedStorageRoundTrip() throws IOException {
        List<Sample> samples = randomSamples(new Random(2), 9, 255, 50, false);
        Path file = write("f32.h5", samples, Options.defaults().withTypes("float32", "uint8").withChunks(2));
        try (ShdReader reader = new ShdReader(file)) {
            assertMatches(reader, samples, s -> (float) s);
        }
    }

    @Test
    void float64TimesAndUint32UnitsAcrossSeveralReadBlocksInAnyOrder() throws IOException {
        int n = ShdReader.BLOCK + 44;
        List<Sample> samples = randomSamples(new Random(3), n, 699, 6, false);
        // Contiguous and chunked storage: jHDF's own slicing loses every chunk after the first.
        for (int chunks : new int[]{0, 64}) {
            Path file = write("ssc_valid" + chunks + ".h5", samples,
                    Options.defaults().withTypes("float64", "uint32").withChunks(chunks));
            try (ShdReader reader = new ShdReader(file)) {
                assertThat(reader.size()).isEqualTo(n);
                assertMatches(reader, samples, s -> s);
                for (int i : new int[]{n - 1, 0, ShdReader.BLOCK, ShdReader.BLOCK - 1, 17}) {
                    assertThat(reader.read(i).events().t()).isEqualTo(micros(samples.get(i).timesS(), s -> s));
                }
            }
        }
    }

    @Test
    void fileWithoutSpikeTimesNamesTheMissingDataset() throws IOException {
        Path file = write("no_times.h5", randomSamples(new Random(4), 2, 699, 5, true),
                Options.defaults().omitting("spikes/times"));
        assertThatThrownBy(() -> new ShdReader(file))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("no_times.h5")
                .hasMessageContaining("missing dataset 'spikes/times'")
                .hasMessageContaining("variable-length float array of spike times in seconds");
        Path noUnits = write("no_units.h5", randomSamples(new Random(4), 2, 699, 5, true),
                Options.defaults().omitting("spikes/units"));
        assertThatThrownBy(() -> new ShdReader(noUnits))
                .hasMessageContaining("missing dataset 'spikes/units'");
    }

    @Test
    void missingSpeakerAndKeysAreOptional() throws IOException {
        Path file = write("bare.h5", randomSamples(new Random(5), 2, 699, 5, true),
                Options.defaults().omitting("extra/speaker", "extra/keys"));
        try (ShdReader reader = new ShdReader(file)) {
            assertThat(reader.speaker(1)).isEqualTo(-1);
            assertThat(reader.keys()).isEmpty();
        }
    }

    @Test
    void fileThatIsNotHdf5IsRejected() throws IOException {
        Path file = tmp.resolve("shd_test.h5");
        Files.write(file, new byte[]{0x0a, 0x1e, (byte) 0x80, 0x03, (byte) 0xa9, 1, 2, 3});
        assertThatThrownBy(() -> new ShdReader(file))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("shd_test.h5")
                .hasMessageContaining("not a readable HDF5 file");
    }

    @Test
    void unitOutsideTheSevenHundredChannelsNamesSampleSpikeAndValue() throws IOException {
        List<Sample> samples = List.of(
                new Sample(new double[]{0.001}, new int[]{1}, 0, 0),
                new Sample(new double[]{0.001, 0.002, 0.003}, new int[]{5, 699, 700}, 0, 0));
        Path file = write("bad_unit.h5", samples, Options.defaults());
        try (ShdReader reader = new ShdReader(file)) {
            assertThat(reader.read(0).events().size()).isEqualTo(1);
            assertThatThrownBy(() -> reader.read(1))
                    .isInstanceOf(EventFormatException.class)
                    .hasMessageContaining("bad_unit.h5")
                    .hasMessageContaining("sample 1: spike 2: unit 700 is outside channels 0..699");
        }
    }

    @Test
    void sampleWithoutSpikesIsAnEmptySample() throws IOException {
        List<Sample> samples = List.of(
                new Sample(new double[]{0.5}, new int[]{1}, 0, 0),
                new Sample(new double[0], new int[0], 1, 0));
        Path file = write("empty.h5", samples, Options.defaults());
        try (ShdReader reader = new ShdReader(file)) {
            assertThatThrownBy(() -> reader.read(1))
                    .isInstanceOf(EventFormatException.class)
                    .hasMessageContaining("empty.h5")
                    .hasMessageContaining("sample 1: empty sample");
        }
    }

    @Test
    void timesAndUnitsOfDifferentLengthOrNegativeTimesAreRejected() throws IOException {
        Path file = write("mismatch.h5", List.of(new Sample(new double[]{0.1, 0.2, 0.3}, new int[]{1, 2}, 0, 0)),
                Options.defaults());
        assertThatThrownBy(() -> ShdReader.readAll(file))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("mismatch.h5")
                .hasMessageContaining("sample 0: 3 spike times but 2 spike units");
        Path negative = write("negative.h5", List.of(new Sample(new double[]{0.1, -0.5}, new int[]{1, 2}, 0, 0)),
                Options.defaults().withTypes("float32", "uint16"));
        assertThatThrownBy(() -> ShdReader.readAll(negative))
                .hasMessageContaining("sample 0: spike 1: time -0.5 s is negative or not finite");
    }

    private Path write(String name, List<Sample> samples, Options options) throws IOException {
        Path file = tmp.resolve(name);
        ShdWriter.write(file, samples, KEYS, options);
        return file;
    }

    /** Sorted spike times ({@code k / 1024} s when {@code float16Exact}, else any double below 1.4 s). */
    private static List<Sample> randomSamples(Random rnd, int n, int maxUnit, int maxSpikes, boolean float16Exact) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = 1 + rnd.nextInt(maxSpikes);
            double[] t = new double[k];
            for (int j = 0; j < k; j++) {
                t[j] = float16Exact ? rnd.nextInt(1434) / 1024.0 : rnd.nextDouble() * 1.4;
            }
            Arrays.sort(t);
            int[] u = rnd.ints(k, 0, maxUnit + 1).toArray();
            out.add(new Sample(t, u, rnd.nextInt(20), rnd.nextInt(12)));
        }
        return out;
    }

    private static long[] micros(double[] seconds, DoubleUnaryOperator stored) {
        return Arrays.stream(seconds).mapToLong(s -> Math.round(stored.applyAsDouble(s) * 1e6)).toArray();
    }

    private static void assertMatches(ShdReader reader, List<Sample> samples, DoubleUnaryOperator stored)
            throws IOException {
        List<ShdSample> read = reader.readAll();
        assertThat(read).hasSize(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            ShdSample r = read.get(i);
            assertThat(r.events().t()).as("t of sample %d", i).isEqualTo(micros(s.timesS(), stored));
            short[] x = new short[s.units().length];
            for (int j = 0; j < x.length; j++) {
                x[j] = (short) s.units()[j];
            }
            assertThat(r.events().x()).as("x of sample %d", i).isEqualTo(x);
            assertThat(r.label()).isEqualTo(s.label());
            assertThat(reader.label(i)).isEqualTo(s.label());
            assertThat(r.speaker()).isEqualTo(s.speaker());
        }
    }
}
