package org.dl4j.snn.datasets.datavec;

import org.datavec.api.records.SequenceRecord;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.dl4j.snn.datasets.Mnist;
import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.format.AtisBinReader;
import org.dl4j.snn.datasets.iterator.NMnistSample;
import org.dl4j.snn.datasets.transform.EventPipeline;
import org.dl4j.snn.datasets.transform.Slicer;
import org.dl4j.snn.datasets.transform.ToFrames;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventSequenceRecordReaderTest {

    private static double sum(List<List<Writable>> seq) {
        double s = 0;
        for (List<Writable> step : seq) {
            s += ((NDArrayWritable) step.get(0)).get().sumNumber().doubleValue();
        }
        return s;
    }

    @Test
    void readsTheRealNMnistTestFolderAsLabelledFrameSequences() throws Exception {
        EventSequenceRecordReader reader = new EventSequenceRecordReader(AtisBinReader.nmnist(),
                EventPipeline.of(ToFrames.byFrameCount(5, Slicer.SplitBy.NUMBER)));
        reader.initialize(new FileSplit(NMnistSample.ROOT.resolve("Test").toFile(), new String[] {"bin"}));
        assertThat(reader.getLabels()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        int n = 0;
        while (reader.hasNext()) {
            SequenceRecord rec = reader.nextSequence();
            List<List<Writable>> seq = rec.getSequenceRecord();
            assertThat(seq).hasSize(5);
            for (List<Writable> step : seq) {
                assertThat(step).hasSize(2);
                assertThat(((NDArrayWritable) step.get(0)).get().shape()).containsExactly(1, 2 * 34 * 34);
            }
            int index = Math.toIntExact(((org.datavec.api.records.metadata.RecordMetaDataIndex) rec.getMetaData())
                    .getIndex());
            Path file = Path.of(reader.dataset().source().describe(index));
            assertThat(seq.get(0).get(1).toInt()).isEqualTo(Integer.parseInt(file.getParent().getFileName().toString()));
            assertThat(seq.get(4).get(1).toInt()).isEqualTo(seq.get(0).get(1).toInt());
            assertThat(sum(seq)).isEqualTo(Files.size(file) / 5.0);
            n++;
        }
        assertThat(n).isEqualTo(100);
        reader.reset();
        assertThat(reader.hasNext()).isTrue();

        // the stream entry point decodes one file the same way
        Path one = Path.of(reader.dataset().source().describe(7));
        SequenceRecord byIndex = reader.loadSequenceFromMetaData(
                new org.datavec.api.records.metadata.RecordMetaDataIndex(7, URI.create("sample:7"), null));
        try (InputStream in = Files.newInputStream(one)) {
            List<List<Writable>> fromStream = reader.sequenceRecord(one.toUri(), new DataInputStream(in));
            assertThat(fromStream).isEqualTo(byIndex.getSequenceRecord());
        }
    }

    @Test
    void hiddenFilesOfTheSplitAreNotSamples(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        NMnistSample.copyTrain(tmp, 1);
        Files.write(tmp.resolve("Train/3/._00001.bin"), new byte[] {0, 5, 22, 7, 9});
        EventSequenceRecordReader reader = new EventSequenceRecordReader(AtisBinReader.nmnist(),
                EventPipeline.of(ToFrames.byFrameCount(2, Slicer.SplitBy.NUMBER)));
        reader.initialize(new FileSplit(tmp.resolve("Train").toFile(), new String[] {"bin"}));
        int n = 0;
        while (reader.hasNext()) {
            reader.nextSequence();
            n++;
        }
        assertThat(n).isEqualTo(10);
    }

    @Test
    void buildersExposeTheSameSamplesAsRecordReaders() throws IOException {
        FrameSequenceRecordReader events = NMnist.test(NMnistSample.ROOT).frames(3).recordReader();
        List<List<Writable>> first = events.sequenceRecord();
        assertThat(first).hasSize(3);
        assertThat(first.get(0).get(1).toInt()).isEqualTo(events.dataset().label(0));

        FrameSequenceRecordReader mnist = Mnist.test(Path.of(System.getProperty("snn.shared.dir"), "data",
                "mnist-t10k")).direct(2).recordReader();
        List<List<Writable>> img = mnist.sequenceRecord();
        assertThat(img).hasSize(2);
        assertThat(((NDArrayWritable) img.get(0).get(0)).get().shape()).containsExactly(1, 784);
        assertThat(img.get(0).get(1).toInt()).isEqualTo(7);
        assertThat(mnist.getLabels()).hasSize(10);
    }
}
