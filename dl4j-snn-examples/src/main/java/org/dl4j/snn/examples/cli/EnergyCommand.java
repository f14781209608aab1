package org.dl4j.snn.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dl4j.snn.datasets.iterator.SnnDataSetIterator;
import org.dl4j.snn.examples.nir.ModelSource;
import org.dl4j.snn.examples.train.RunConfig;
import org.dl4j.snn.examples.train.RunData;
import org.dl4j.snn.monitor.SynOps;
import org.dl4j.snn.nir.NirModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dl4j-snn energy}: SynOps, MACs, firing rates and the compute-energy estimate of a model on an input
 * ({@link SynOps}: SpikingJelly's op_counter rules, Horowitz 45 nm energies), as a table and one JSON line.
 */
@Command(name = "energy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Synaptic operations (on spikes), MACs (on real values), firing rates and the energy estimate"
                + " (Horowitz 45 nm, compute only: memory and routing not counted) of a model on an input.")
public final class EnergyCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE.nir|RUN_DIR|ZIP")
    Path model;
    @Option(names = "--input", paramLabel = "X.npy", description = "float32 time-major input [T, B, ...]")
    Path input;
    @Option(names = "--root", paramLabel = "DIR", description = "dataset root: count on the test split of the run's"
            + " preset (needs a run folder with config.json)")
    Path root;
    @Option(names = "--samples", defaultValue = "100", paramLabel = "N", description = "test samples with --root"
            + " (default ${DEFAULT-VALUE})")
    long samples;
    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|fp16|int8",
            description = "energy per MAC / AC: fp32 4.6 / 0.9 pJ, fp16 1.5 / 0.4, int8 0.23 / 0.03 (default fp32)")
    SynOps.Precision precision;
    @Option(names = "--dt", paramLabel = "SECONDS", description = "time step of a .nir model")
    Double dt;

    @Override
    public Integer call() throws Exception {
        if ((input == null) == (root == null)) {
            throw new IllegalArgumentException("give exactly one of --input X.npy and --root DIR");
        }
        ModelSource src = ModelSource.open(model, dt);
        NirCommand.warn(src.model().warnings());
        SynOps.Report r;
        if (input != null) {
            INDArray x = NirCommand.readNpy(input);
            r = SynOps.count(src.model().network(), NirModel.toNetworkLayout(x));
        } else {
            RunConfig c = src.config().orElseThrow(() -> new IllegalArgumentException("--root needs --model to be a"
                    + " run folder (or its model.zip) with config.json, which names the preset and T"));
            RunConfig withRoot = new RunConfig(c.preset(), root.toAbsolutePath().normalize().toString(), c.steps(),
                    c.epochs(), c.batch(), c.learningRate(), c.seed(), c.width(), c.neuron(), c.tau(), c.learnTheta(),
                    c.learnV0(), c.surrogate(), c.alpha(), c.loss(), c.engine(), c.threads());
            SnnDataSetIterator test = RunData.test(withRoot);
            r = SynOps.count(src.model().network(), test, samples);
        }
        System.out.print(r.table(precision));
        System.out.println(r.json(precision));
        return 0;
    }
}
