package org.dl4j.snn.datasets.datavec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.dl4j.snn.datasets.cache.SourceId;
import org.junit.jupiter.api.Test;

/** Seeded train/test splits and first-N views of a sample source. */
class SubsetSourceTest {
    /** Ten samples; sample i is the number i, of class i % 2. */
    private static final SampleSource<Integer> TEN = new SampleSource<>() {
        @Override public int size() { return 10; }
        @Override public int label(int i) { return i % 2; }
        @Override public String describe(int i) { return "sample " + i; }
        @Override public SourceId sourceId(int i) { throw new UnsupportedOperationException(); }
        @Override public Integer load(int i) { return i; }
        @Override public List<String> classNames() { return List.of("even", "odd"); }
    };

    private static List<Integer> all(SampleSource<Integer> s) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(s.load(i));
        }
        return out;
    }

    @Test
    void splitPartitionsTheSamplesIntoSortedDisjointSidesTheSameForTheSameSeed() throws Exception {
        List<SampleSource<Integer>> sides = SubsetSource.split(TEN, 7, 42);
        List<Integer> train = all(sides.get(0));
        List<Integer> test = all(sides.get(1));
        assertThat(train).hasSize(7).isSorted();
        assertThat(test).hasSize(3).isSorted().doesNotContainAnyElementsOf(train);
        List<Integer> union = new ArrayList<>(train);
        union.addAll(test);
        assertThat(union).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).boxed().toList());
        assertThat(all(SubsetSource.split(TEN, 7, 42).get(1))).isEqualTo(test);
        assertThat(sides.get(1).label(0)).isEqualTo(test.get(0) % 2);
        assertThat(sides.get(1).describe(0)).isEqualTo("sample " + test.get(0));
        assertThat(sides.get(0).classNames()).containsExactly("even", "odd");
    }

    @Test
    void firstNKeepsTheOrderAndAllWhenNIsNotSmaller() throws Exception {
        assertThat(all(SubsetSource.first(TEN, 3))).containsExactly(0, 1, 2);
        assertThat(SubsetSource.first(TEN, 0)).isSameAs(TEN);
        assertThat(SubsetSource.first(TEN, 10)).isSameAs(TEN);
    }

    @Test
    void badSizesAndIndicesAreRefused() {
        assertThatThrownBy(() -> SubsetSource.split(TEN, 10, 1)).hasMessageContaining("train size must be in 1..9");
        assertThatThrownBy(() -> new SubsetSource<>(TEN, new int[] {3, 10}))
                .hasMessageContaining("index 10 outside the source's 0..9");
    }
}
