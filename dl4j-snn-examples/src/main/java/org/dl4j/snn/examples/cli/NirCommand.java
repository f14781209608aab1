package org.dl4j.snn.examples.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4j.snn.examples.nir.ModelSource;
import org.dl4j.snn.nir.NirExport;
import org.dl4j.snn.nir.NirImport;
import org.dl4j.snn.nir.NirModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dl4j-snn nir export | import | run}: NIR files (https://neuroir.org) out of and into this library, and a run
 * on NIR's time-major tensors that any tool can compare with.
 */
@Command(name = "nir", mixinStandardHelpOptions = true,
        description = "NIR (Neuromorphic Intermediate Representation) files: export a trained model, import a file"
                + " written by SpikingJelly / snnTorch / Norse / Sinabs / ..., run either on a time-major .npy.",
        subcommands = {NirCommand.Export.class, NirCommand.Import.class, NirCommand.Run.class})
public final class NirCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    static void warn(List<String> warnings) {
        for (String w : warnings) System.err.println("warning: " + w);
    }

    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Write a trained model (run folder or model zip) as a NIR file.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "RUN_DIR_OR_ZIP", description = "run folder or model zip")
        Path model;
        @Option(names = "--output", required = true, paramLabel = "FILE.nir")
        Path output;
        @Option(names = "--dt", paramLabel = "SECONDS", description = "time step written into the file's time"
                + " constants and metadata/dt (default 1e-4)")
        Double dt;
        @Option(names = "--approximate", description = "write the nearest NIR graph for soft reset, v0, max pooling,"
                + " voting readout (with a warning saying what changes) instead of refusing")
        boolean approximate;
        @Option(names = "--input-shape", split = ",", paramLabel = "N|C,H,W",
                description = "input feature shape when the first layer does not tell it")
        long[] inputShape;

        @Override
        public Integer call() throws Exception {
            ModelSource src = ModelSource.open(model, null);
            NirExport.Options o = NirExport.Options.defaults().withApproximate(approximate);
            if (dt != null) o = o.withDt(dt);
            if (inputShape != null) o = o.withInputShape(inputShape);
            NirExport.Result r = src.isNir() ? NirExport.toGraph(src.model(), o)
                    : NirExport.toGraph(src.model().network(), o);
            warn(r.warnings());
            r.graph().write(output);
            System.out.println("wrote " + output + ": " + r.graph().nodes().size() + " nodes, " + r.graph().edges().size()
                    + " edges, dt " + r.graph().metadataDt() + " s");
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Build a DL4J network from a NIR file and save it as a model zip.")
    static final class Import implements Callable<Integer> {
        @Option(names = "--input", required = true, paramLabel = "FILE.nir")
        Path input;
        @Option(names = "--output", required = true, paramLabel = "MODEL.zip")
        Path output;
        @Option(names = "--dt", paramLabel = "SECONDS", description = "time step (default: the file's metadata/dt,"
                + " else 1e-4)")
        Double dt;
        @Option(names = "--graph", description = "always build a ComputationGraph")
        boolean graph;

        @Override
        public Integer call() throws Exception {
            NirImport.Options o = NirImport.Options.defaults().withComputationGraph(graph);
            if (dt != null) o = o.withDt(dt);
            NirModel m = NirImport.read(input, o);
            warn(m.warnings());
            ModelSerializer.writeModel(m.network(), output.toFile(), false);
            System.out.println("wrote " + output + ": " + m.network().getClass().getSimpleName() + ", "
                    + m.network().numParams() + " parameters, dt " + m.dt() + " s");
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Run a NIR file, run folder or model zip on a float32 time-major .npy [T, B, ...] and write"
                    + " the network output time-major (spikes, or potentials of a non-spiking readout).")
    static final class Run implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "FILE.nir|RUN_DIR|ZIP")
        Path model;
        @Option(names = "--input", required = true, paramLabel = "X.npy")
        Path input;
        @Option(names = "--output", required = true, paramLabel = "Y.npy")
        Path output;
        @Option(names = "--dt", paramLabel = "SECONDS", description = "time step of a .nir model (default: the file's"
                + " metadata/dt, else 1e-4)")
        Double dt;

        @Override
        public Integer call() throws Exception {
            ModelSource src = ModelSource.open(model, dt);
            warn(src.model().warnings());
            INDArray x = readNpy(input);
            INDArray y = src.model().output(x);
            Nd4j.writeAsNumpy(y, output.toFile());
            System.out.println("wrote " + output + ": " + Arrays.toString(y.shape()) + " (time-major)");
            return 0;
        }
    }

    static INDArray readNpy(Path file) {
        if (!file.toFile().isFile()) throw new IllegalArgumentException(file + " does not exist");
        try {
            return Nd4j.createFromNpyFile(new File(file.toString()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a readable .npy file (" + e.getMessage() + ")", e);
        }
    }
}
