package org.dl4j.snn.datasets.format;

import org.dl4j.snn.datasets.testing.Aedat31Writer;
import org.dl4j.snn.datasets.testing.GestureFilesWriter;
import org.dl4j.snn.datasets.testing.RandomEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GestureLabelsTest {
    private static final Path CSV = Path.of("user01_fluorescent_labels.csv");

    @Test
    void parsesClassesAsZeroBasedLabelsWithTheirTimeWindows() throws IOException {
        GestureLabels labels = GestureLabels.parse(List.of(
                "class,startTime_usec,endTime_usec",
                "1,80048239,85092709",
                "11,89431170,95231007",
                ""), CSV);
        assertThat(labels.size()).isEqualTo(2);
        assertThat(labels.label(0)).isZero();
        assertThat(labels.label(1)).isEqualTo(10);
        assertThat(labels.startUs(0)).isEqualTo(80048239L);
        assertThat(labels.endUs(1)).isEqualTo(95231007L);
    }

    @Test
    void cutKeepsEventsWithStartAtOrAfterAndBeforeEndIncludingOverlappingWindows() throws IOException {
        long[] t = {5, 10, 11, 19, 20, 25, 29, 30, 31};
        int n = t.length;
        Events rec = new Events(128, 128, new short[n], new short[n], t, new byte[n]);
        // Windows overlap like in user22_led_labels.csv, where a gesture ends after the next one starts.
        GestureLabels labels = GestureLabels.parse(List.of(GestureLabels.HEADER, "3,10,20", "4,19,30"), CSV);
        List<LabelledEvents> samples = labels.cut(rec, "user01_fluorescent.aedat");
        assertThat(samples).hasSize(2);
        assertThat(samples.get(0).events().t()).containsExactly(10, 11, 19);
        assertThat(samples.get(0).label()).isEqualTo(2);
        assertThat(samples.get(0).source()).isEqualTo("user01_fluorescent.aedat class 3 [10, 20) us");
        assertThat(samples.get(1).events().t()).containsExactly(19, 20, 25, 29);
        assertThat(samples.get(1).label()).isEqualTo(3);
    }

    @Test
    void classOutsideOneToElevenNamesFileAndLine() {
        assertThatThrownBy(() -> GestureLabels.parse(List.of(GestureLabels.HEADER, "2,1,5", "12,6,9"), CSV))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("user01_fluorescent_labels.csv")
                .hasMessageContaining("line 3")
                .hasMessageContaining("class 12 is outside 1..11")
                .satisfies(e -> assertThat(((EventFormatException) e).line()).isEqualTo(3));
        assertThatThrownBy(() -> GestureLabels.parse(List.of(GestureLabels.HEADER, "0,1,5"), CSV))
                .hasMessageContaining("line 2")
                .hasMessageContaining("class 0 is outside 1..11");
    }

    @Test
    void malformedLinesNameFileAndLine() {
        assertThatThrownBy(() -> GestureLabels.parse(List.of(GestureLabels.HEADER, "1,100,200", "2;300;400"), CSV))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("user01_fluorescent_labels.csv: line 3")
                .hasMessageContaining("expected 3 comma-separated fields")
                .hasMessageContaining("'2;300;400'");
        assertThatThrownBy(() -> GestureLabels.parse(List.of(GestureLabels.HEADER, "1,1e6,2000000"), CSV))
                .hasMessageContaining("line 2")
                .hasMessageContaining("expected integers");
        assertThatThrownBy(() -> GestureLabels.parse(List.of(GestureLabels.HEADER, "1,500,500"), CSV))
                .hasMessageContaining("line 2")
                .hasMessageContaining("[500, 500) us is empty");
        assertThatThrownBy(() -> GestureLabels.parse(List.of("1,100,200"), CSV))
                .hasMessageContaining("line 1")
                .hasMessageContaining("expected the header 'class,startTime_usec,endTime_usec', found '1,100,200'");
    }

    @Test
    void gestureWindowWithoutEventsIsAnEmptySampleNamingTheLabelsLine() throws IOException {
        Events rec = new Events(128, 128, new short[2], new short[2], new long[]{10, 50}, new byte[2]);
        GestureLabels labels = GestureLabels.parse(List.of(GestureLabels.HEADER, "1,0,20", "5,20,40"), CSV);
        assertThatThrownBy(() -> labels.cut(rec, "user01_fluorescent.aedat"))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("user01_fluorescent_labels.csv: line 3")
                .hasMessageContaining("empty sample")
                .hasMessageContaining("[20, 40) us (class 5)");
    }

    @Test
    void trialsListsPairRecordingsWithLabelsAndYieldTheLabelledGestures(@TempDir Path root) throws IOException {
        Random rnd = new Random(31);
        Events rec = RandomEvents.generate(rnd, 30_000, 128, 128, 1_000_000, 200);
        Path aedat = root.resolve("user05_led.aedat");
        Aedat31Writer.write(aedat, rec, 5000);
        long t0 = rec.t(0);
        GestureFilesWriter.writeLabels(GestureTrials.labelsFileFor(aedat), new int[]{1, 7, 11},
                new long[]{t0, t0 + 1_000_000, t0 + 2_000_000},
                new long[]{t0 + 900_000, t0 + 1_900_000, t0 + 2_500_000});
        GestureFilesWriter.writeTrials(root, true, List.of("user05_led.aedat", ""));
        GestureFilesWriter.writeTrials(root, false, List.of("user24_led.aedat"));

        assertThat(GestureTrials.split(root, false)).containsExactly(root.toAbsolutePath().resolve("user24_led.aedat"));
        List<Path> train = GestureTrials.split(root, true);
        assertThat(train).containsExactly(aedat.toAbsolutePath());
        assertThat(GestureTrials.labelsFileFor(aedat).getFileName().toString()).isEqualTo("user05_led_labels.csv");

        List<LabelledEvents> samples = GestureTrials.readSamples(train.get(0), new Aedat31Reader());
        assertThat(samples).extracting(LabelledEvents::label).containsExactly(0, 6, 10);
        for (int i = 0; i < 3; i++) {
            long from = t0 + i * 1_000_000L;
            long to = i == 2 ? t0 + 2_500_000 : from + 900_000;
            Events s = samples.get(i).events();
            long expected = Arrays.stream(rec.t()).filter(v -> v >= from && v < to).count();
            assertThat(s.size()).isEqualTo(expected).isPositive();
            assertThat(Arrays.stream(s.t()).allMatch(v -> v >= from && v < to)).isTrue();
        }
    }

    @Test
    void trialsListEntryThatIsNotAnAedatNameIsRejectedWithItsLine(@TempDir Path root) throws IOException {
        Path list = root.resolve(GestureTrials.TEST_LIST);
        Files.writeString(list, "user24_led.aedat\nuser25_led.csv\n");
        assertThatThrownBy(() -> GestureTrials.read(list))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("trials_to_test.txt: line 2")
                .hasMessageContaining("'user25_led.csv'");
    }
}
