package org.dl4j.snn.datasets.cache;

import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.datasets.datavec.FrameDataset;
import org.dl4j.snn.datasets.format.Events;
import org.dl4j.snn.datasets.iterator.NMnistSample;
import org.dl4j.snn.datasets.transform.Frames;
import org.dl4j.snn.datasets.transform.RandomFlip;
import org.dl4j.snn.datasets.transform.Slicer;
import org.dl4j.snn.datasets.transform.ToFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCacheTest {

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".frames")).count();
        }
    }

    private static Frames frames(FrameDataset<Events> ds, int i) {
        return ds.frames(i, new SplittableRandom(0));
    }

    @Test
    void codecRoundTripsByteShortAndFloatFrames() {
        Frames counts = new Frames(2, 1, 1, 3, new float[] {0, 1, 255, 3, 0, 7});
        Frames wide = new Frames(1, 1, 1, 2, new float[] {300, 65535});
        Frames real = new Frames(1, 1, 1, 3, new float[] {0.5f, -1, 1e6f});
        for (Frames f : List.of(counts, wide, real)) {
            assertThat(FrameCodec.decode(FrameCodec.encode(f))).isEqualTo(f);
        }
        assertThat(FrameCodec.encode(counts)).hasSize(17 + 6);      // one byte per count
        assertThat(FrameCodec.encode(wide)).hasSize(17 + 2 * 2);
        assertThat(FrameCodec.encode(real)).hasSize(17 + 3 * 4);
        assertThatThrownBy(() -> FrameCodec.decode(new byte[5])).hasMessageContaining("too short");
    }

    @Test
    void diskCacheServesStoredFramesForTheSameSettingsAndFile(@TempDir Path tmp) throws IOException {
        Path data = NMnistSample.copyTrain(tmp.resolve("data"), 1);
        Path cache = tmp.resolve("cache");
        FrameDataset<Events> first = NMnist.train(data).frames(10).cacheOnDisk(cache).dataset();
        Frames real = frames(first, 0);
        for (int i = 0; i < first.size(); i++) {
            frames(first, i);
        }
        assertThat(entries(cache)).isEqualTo(10);

        // Replace the stored entry with zeros: a second dataset with the same settings must serve the zeros,
        // proving frames come from the disk cache and not from decoding.
        String key = DiskFrameCache.key(first.pipeline().key(), first.source().sourceId(0));
        DiskFrameCache disk = new DiskFrameCache(cache);
        disk.put(key, Frames.zeros(10, 2, 34, 34));
        FrameDataset<Events> second = NMnist.train(data).frames(10).cacheOnDisk(cache).dataset();
        assertThat(frames(second, 0).sum()).isZero();
        assertThat(real.sum()).isPositive();
    }

    @Test
    void changedTransformSettingsNeverServeStaleFrames(@TempDir Path tmp) throws IOException {
        Path data = NMnistSample.copyTrain(tmp.resolve("data"), 1);
        Path cache = tmp.resolve("cache");
        FrameDataset<Events> ten = NMnist.train(data).frames(10).cacheOnDisk(cache).dataset();
        Frames tenFrames = frames(ten, 0);
        String tenKey = DiskFrameCache.key(ten.pipeline().key(), ten.source().sourceId(0));
        new DiskFrameCache(cache).put(tenKey, Frames.zeros(10, 2, 34, 34)); // poison the frames(10) entry

        for (FrameDataset<Events> other : List.of(
                NMnist.train(data).frames(5).cacheOnDisk(cache).dataset(),
                NMnist.train(data).frames(10, Slicer.SplitBy.TIME).cacheOnDisk(cache).dataset(),
                NMnist.train(data).integrate(ToFrames.byFrameCount(10, Slicer.SplitBy.NUMBER).binary())
                        .cacheOnDisk(cache).dataset())) {
            String key = DiskFrameCache.key(other.pipeline().key(), other.source().sourceId(0));
            assertThat(key).isNotEqualTo(tenKey);
            assertThat(disk(cache).fileFor(key)).isNotEqualTo(disk(cache).fileFor(tenKey));
            Frames f = frames(other, 0);
            assertThat(f.sum()).isPositive();             // decoded, not the poisoned entry
            assertThat(disk(cache).get(key)).isEqualTo(f); // and stored under its own key
        }
        assertThat(tenFrames.sum()).isEqualTo(Files.size(ten.source().sourceId(0).path()) / 5);
        assertThat(entries(cache)).isEqualTo(4);
    }

    private static DiskFrameCache disk(Path dir) throws IOException {
        return new DiskFrameCache(dir);
    }

    @Test
    void aChangedSourceFileGetsANewKeyAndFreshFrames(@TempDir Path tmp) throws IOException {
        Path data = NMnistSample.copyTrain(tmp.resolve("data"), 1);
        Path cache = tmp.resolve("cache");
        FrameDataset<Events> ds = NMnist.train(data).frames(10).cacheOnDisk(cache).dataset();
        Frames before = frames(ds, 0);
        SourceId idBefore = ds.source().sourceId(0);
        Path file = idBefore.path();
        // append one more valid event (x=1, y=1, ON, t = 8,000,000 us) and move the mtime forward
        Files.write(file, new byte[] {1, 1, (byte) 0xFA, 0x12, 0x00}, StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5_000));
        SourceId idAfter = ds.source().sourceId(0);
        assertThat(idAfter.key()).isNotEqualTo(idBefore.key());
        Frames after = frames(NMnist.train(data).frames(10).cacheOnDisk(cache).dataset(), 0);
        assertThat(after.sum()).isEqualTo(before.sum() + 1);
        assertThat(entries(cache)).isEqualTo(2);
    }

    @Test
    void randomPipelinesAreNotCachedOnDiskButTheirPreparedEventsAreKeptInMemory(@TempDir Path tmp)
            throws IOException {
        Path data = NMnistSample.copyTrain(tmp.resolve("data"), 1);
        Path cache = tmp.resolve("cache");
        FrameDataset<Events> ds = NMnist.train(data).frames(4).transform(RandomFlip.horizontal(0.5))
                .cacheOnDisk(cache).cacheInMemory().dataset();
        Frames a = ds.frames(0, new SplittableRandom(1));
        Frames b = ds.frames(0, new SplittableRandom(1));
        assertThat(a).isEqualTo(b);
        assertThat(entries(cache)).isZero();
        assertThat(ds.cachedInMemory()).isEqualTo(1);
        // different draws flip for some seeds and not for others: both outcomes appear
        boolean sawDifferent = false;
        for (int s = 2; s < 40 && !sawDifferent; s++) {
            sawDifferent = !ds.frames(0, new SplittableRandom(s)).equals(a);
        }
        assertThat(sawDifferent).isTrue();
    }

    @Test
    void memoryCacheDecodesOnceAndReturnsEqualFrames(@TempDir Path tmp) throws IOException {
        Path data = NMnistSample.copyTrain(tmp.resolve("data"), 1);
        FrameDataset<Events> cached = NMnist.train(data).frames(10).cacheInMemory().dataset();
        FrameDataset<Events> plain = NMnist.train(data).frames(10).dataset();
        for (int i = 0; i < 10; i++) {
            assertThat(frames(cached, i)).isEqualTo(frames(plain, i));
        }
        assertThat(cached.cachedInMemory()).isEqualTo(10);
        // delete the files: the memory cache still serves every sample
        for (int i = 0; i < 10; i++) {
            Files.delete(cached.source().sourceId(i).path());
        }
        assertThat(frames(cached, 9)).isEqualTo(frames(cached, 9));
        assertThat(frames(cached, 9).sum()).isPositive();
    }

    @Test
    void unreadableEntriesAreDroppedAndRecomputed(@TempDir Path tmp) throws IOException {
        Path data = NMnistSample.copyTrain(tmp.resolve("data"), 1);
        Path cache = tmp.resolve("cache");
        FrameDataset<Events> ds = NMnist.train(data).frames(3).cacheOnDisk(cache).dataset();
        Frames good = frames(ds, 0);
        Path entry = new DiskFrameCache(cache).fileFor(DiskFrameCache.key(ds.pipeline().key(),
                ds.source().sourceId(0)));
        Files.write(entry, new byte[] {1, 2, 3});
        FrameDataset<Events> again = NMnist.train(data).frames(3).cacheOnDisk(cache).dataset();
        assertThat(frames(again, 0)).isEqualTo(good);
        assertThat(new DiskFrameCache(cache).get(DiskFrameCache.key(ds.pipeline().key(), ds.source().sourceId(0))))
                .isEqualTo(good);
    }
}
