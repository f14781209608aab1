package org.dl4j.snn.examples.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.examples.cli.TinyDatasets;
import org.dl4j.snn.examples.presets.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop request in the middle of an epoch (what Ctrl-C does) leaves the last completed epoch's checkpoint, and
 * continuing from it redoes the interrupted epoch and ends exactly where an uninterrupted run ends.
 */
class TrainerStopTest {

    @Test
    void stoppedMidEpochThenResumedEqualsUninterrupted(@TempDir Path tmp) throws Exception {
        Path data = TinyDatasets.nmnist(tmp.resolve("data"), new Random(11), 2, 1);
        RunConfig config = new RunConfig(Preset.NMNIST.cliName(), data.toString(), 4, 3, 4, 1e-2, 9, 8, "plif", 2.0,
                false, false, "atan", 2.0, "rate", "fused", 1);

        Run whole = run(config, tmp.resolve("whole"), Integer.MAX_VALUE, null);
        assertThat(whole.outcome().stopped()).isFalse();

        // 5 batches per epoch: stop after the 7th batch overall, i.e. in epoch 2 after 2 batches.
        Run first = run(config, tmp.resolve("split"), 7, null);
        assertThat(first.outcome().stopped()).isTrue();
        assertThat(first.outcome().stoppedEpoch()).isEqualTo(2);
        assertThat(first.outcome().batchesDone()).isEqualTo(2);
        Checkpoints.State state = new Checkpoints(tmp.resolve("split")).latest().orElseThrow();
        assertThat(state.epoch()).isEqualTo(1);

        Run resumed = run(config, tmp.resolve("split"), Integer.MAX_VALUE, state);

        List<Trainer.EpochResult> w = whole.outcome().epochs();
        assertThat(w.get(2).loss()).as("the network learns").isLessThan(w.get(0).loss());
        assertThat(resumed.net().params().toFloatVector()).containsExactly(whole.net().params().toFloatVector());
        assertThat(resumed.outcome().epochs().stream().map(Trainer.EpochResult::loss).toList())
                .isEqualTo(whole.outcome().epochs().stream().map(Trainer.EpochResult::loss).toList());
    }

    private record Run(MultiLayerNetwork net, Trainer.Outcome outcome) {}

    private static Run run(RunConfig config, Path folder, int stopAfterBatches, Checkpoints.State from)
            throws Exception {
        Checkpoints checkpoints = new Checkpoints(folder);
        SnnDataSetIterator train = RunData.train(config);
        SnnDataSetIterator test = RunData.test(config);
        MultiLayerNetwork net;
        if (from == null) {
            net = new MultiLayerNetwork(RunData.network(config, train));
            net.init();
        } else {
            net = checkpoints.restore(from);
        }
        AtomicInteger polls = new AtomicInteger();
        Trainer trainer = Trainer.builder(Trainer.Net.of(net)).progressBar(false).seed(config.seed())
                .stopWhen(() -> polls.incrementAndGet() > stopAfterBatches)
                .afterEpoch((r, all) -> checkpoints.save(net, all, config)).build();
        Trainer.Outcome o = trainer.train(Trainer.EpochData.of(train), test,
                from == null ? List.of() : from.metrics(), config.epochs(), train.numExamples());
        return new Run(net, o);
    }
}
