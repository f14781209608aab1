package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.SpikeRateMseLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.loss.TetLoss;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@code rnnTimeStep} / {@code rnnClearPreviousState} on every kind of network the library builds, as a
 * MultiLayerNetwork and as the ComputationGraph DL4J makes of it (same vertices, same automatic preprocessors):
 * streaming a sequence in chunks (of 2, 1 and the rest of the steps) gives the per-step output of the whole sequence,
 * the loss's rule applied to the streamed steps gives {@code output}, and clearing the state starts over.
 */
class StreamingEqualsFullSequenceTest {
    private static final int T = 5;
    private static final int B = 3;

    /** A network under a readable name, and the input shape it takes. */
    record Case(String name, Supplier<MultiLayerConfiguration> conf, long[] inputShape) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static NeuralNetConfiguration.ListBuilder list() {
        return new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).list();
    }

    static List<Case> networks() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("dense -> dense -> readout", () -> list()
                .layer(new SpikingDense.Builder(16).build())
                .layer(new SpikingDense.Builder(8).build())
                .layer(new LeakyIntegratorReadout.Builder(3).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(6, T)).build(), new long[] {B, 6, T}));
        c.add(new Case("stock DenseLayer, BatchNormalization, DropoutLayer, ActivationLayer between spiking layers",
                () -> list()
                .layer(new SpikingDense.Builder(16).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new DropoutLayer.Builder(0.8).build())
                .layer(new ActivationLayer.Builder().activation(Activation.TANH).build())
                .layer(new SpikingDense.Builder(8).build())
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new TemporalLossLayer.Builder(new TetLoss(0.05)).build())
                .setInputType(InputType.recurrent(6, T)).build(), new long[] {B, 6, T}));
        c.add(new Case("TimeBatchNorm, TimeDropoutLayer, voting readout", () -> list()
                .layer(new SpikingDense.Builder(16).build())
                .layer(new TimeBatchNorm.Builder().build())
                .layer(new TimeDropoutLayer.Builder(0.3).build())
                .layer(new SpikingDense.Builder(6).build())
                .layer(new TemporalLossLayer.Builder(new SpikeRateMseLoss(1.0, 0.0, 2)).build())
                .setInputType(InputType.recurrent(6, T)).build(), new long[] {B, 6, T}));
        c.add(new Case("SpikingConv -> TimePooling -> SpikingDense -> readout", () -> list()
                .layer(new SpikingConv.Builder(4, 3).build())
                .layer(new TimePooling.Builder(PoolingType.MAX, 2).build())
                .layer(new SpikingDense.Builder(8).build())
                .layer(new LeakyIntegratorReadout.Builder(3).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 6, 6, 2)).build(),
                new long[] {B, 2, T, 6, 6}));
        c.add(new Case("TimeConv -> TimeBatchNorm -> SpikingNeuron -> TimeFlatten -> stock DenseLayer -> readout",
                () -> list()
                .layer(new TimeConv.Builder(4, 3).build())
                .layer(new TimeBatchNorm.Builder().build())
                .layer(new SpikingNeuron.Builder().build())
                .layer(new TimeFlatten())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build())
                .layer(new LeakyIntegratorReadout.Builder(3).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 6, 6, 2)).build(),
                new long[] {B, 2, T, 6, 6}));
        return c;
    }

    static Stream<Arguments> networksInBothTypes() {
        return networks().stream().flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
    }

    private static INDArray steps(INDArray x, int from, int to) {
        INDArrayIndex[] idx = new INDArrayIndex[x.rank()];
        for (int d = 0; d < idx.length; d++) {
            idx[d] = d == 2 ? NDArrayIndex.interval(from, to) : NDArrayIndex.all();
        }
        return x.get(idx).dup();
    }

    @ParameterizedTest(name = "{0}, ComputationGraph: {1}")
    @MethodSource("networksInBothTypes")
    void streamingInChunksGivesThePerStepOutputOfTheWholeSequence(Case c, boolean graph) {
        MultiLayerNetwork mln = new MultiLayerNetwork(c.conf().get());
        mln.init();
        ComputationGraph cg = graph ? mln.toComputationGraph() : null;
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, c.inputShape()).lt(0.5).castTo(DataType.DOUBLE);

        INDArray full = graph ? SnnEvaluation.perStepOutput(cg, x, null) : SnnEvaluation.perStepOutput(mln, x, null);
        INDArray output = graph ? cg.outputSingle(x) : mln.output(x);
        for (int pass = 0; pass < 2; pass++) {
            INDArray streamed = Nd4j.concat(2,
                    stream(mln, cg, steps(x, 0, 2)), stream(mln, cg, steps(x, 2, 3)), stream(mln, cg, steps(x, 3, T)));
            assertThat(streamed.shape()).isEqualTo(full.shape());
            assertThat(streamed.sub(full).amaxNumber().doubleValue()).as("pass %d", pass).isLessThan(1e-9);
            TemporalLossLayer loss = (TemporalLossLayer) mln.getLayerWiseConfigurations()
                    .getConf(mln.getnLayers() - 1).getLayer();
            assertThat(loss.getLossFn().classProbabilities(streamed, null).sub(output).amaxNumber().doubleValue())
                    .isLessThan(1e-9);
            if (graph) {
                cg.rnnClearPreviousState();
            } else {
                mln.rnnClearPreviousState();
            }
        }
    }

    private static INDArray stream(MultiLayerNetwork mln, ComputationGraph cg, INDArray chunk) {
        return cg != null ? cg.rnnTimeStep(chunk)[0] : mln.rnnTimeStep(chunk);
    }

    @org.junit.jupiter.api.Test
    void graphBuiltWithInputTypesStreamsConvPoolDenseReadout() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("in")
                .addLayer("conv", new SpikingConv.Builder(4, 3).build(), "in")
                .addLayer("pool", new TimePooling.Builder(PoolingType.MAX, 2).build(), "conv")
                .addLayer("fc", new SpikingDense.Builder(8).build(), "pool")
                .addLayer("readout", new LeakyIntegratorReadout.Builder(3).build(), "fc")
                .addLayer("loss", new TemporalLossLayer.Builder(new SdtLoss()).build(), "readout")
                .setOutputs("loss")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, 6, 6, 2)).build();
        ComputationGraph cg = new ComputationGraph(conf);
        cg.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, B, 2, T, 6, 6).lt(0.5).castTo(DataType.DOUBLE);
        INDArray full = SnnEvaluation.perStepOutput(cg, x, null);
        INDArray streamed = Nd4j.concat(2, cg.rnnTimeStep(steps(x, 0, 1))[0], cg.rnnTimeStep(steps(x, 1, T))[0]);
        assertThat(streamed.sub(full).amaxNumber().doubleValue()).isLessThan(1e-9);
        assertThat(new SdtLoss().classProbabilities(streamed, null).sub(cg.outputSingle(x)).amaxNumber()
                .doubleValue()).isLessThan(1e-9);
    }
}
