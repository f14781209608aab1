package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.layers.preprocessor.FeedForwardToTimePreProcessor;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.testing.SpikeTrainTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Standard DL4J layers between and in front of spiking layers: {@code DenseLayer} is applied per time step through
 * automatic preprocessors (DL4J's {@code RnnToFeedForwardPreProcessor} in, {@link FeedForwardToTimePreProcessor}
 * out), {@code DropoutLayer} and {@code ActivationLayer} act on {@code [b, N, T]} as they are, at any mini-batch size,
 * in MultiLayerNetwork and ComputationGraph; {@code BatchNormalization} per step equals {@link TimeBatchNorm}; DL4J's {@code RepeatVector} encodes a
 * feed-forward input directly over T; inputs without a time axis and stock 2-D conv layers get errors naming the fix.
 */
class StockLayersBetweenSpikingLayersTest {

    static List<Supplier<Layer>> stockLayers() {
        return List.of(
                named(() -> new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build()),
                named(() -> new DropoutLayer.Builder(0.8).build()),
                named(() -> new ActivationLayer.Builder().activation(Activation.TANH).build()));
    }

    private static Supplier<Layer> named(Supplier<Layer> s) {
        String name = s.get().getClass().getSimpleName();
        return new Supplier<>() {
            @Override
            public Layer get() {
                return s.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(7).updater(new Adam(2e-2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stockLayers")
    void multiLayerNetworkTrainsAtBatch64AndEvaluatesAtBatch250(Supplier<Layer> stock) {
        MultiLayerConfiguration conf = base().list()
                .layer(new SpikingDense.Builder(16).build())
                .layer(stock.get())
                .layer(new SpikingDense.Builder(16).build())
                .layer(new LeakyIntegratorReadout.Builder(SpikeTrainTask.CLASSES).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.recurrent(SpikeTrainTask.INPUTS, SpikeTrainTask.STEPS)).build();
        if (stock.get() instanceof DenseLayer) {
            assertThat(conf.getInputPreProcess(2)).isInstanceOf(FeedForwardToTimePreProcessor.class);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(SpikeTrainTask.iterator(384, 1, 64), 3);

        DataSet test = SpikeTrainTask.data(250, 2);
        assertThat(net.output(test.getFeatures()).shape()).containsExactly(250, SpikeTrainTask.CLASSES);
        double accuracy = net.evaluate(SpikeTrainTask.iterator(250, 2, 250)).accuracy();
        assertThat(accuracy).isGreaterThan(0.8)
                .isEqualTo(SnnEvaluation.evaluate(net, SpikeTrainTask.iterator(250, 2, 250)).accuracy());
        // An odd batch too: the rows are folded with the pass's own batch size.
        assertThat(net.output(SpikeTrainTask.data(7, 3).getFeatures()).shape())
                .containsExactly(7, SpikeTrainTask.CLASSES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stockLayers")
    void computationGraphTrainsAtBatch64AndEvaluatesAtBatch250(Supplier<Layer> stock) {
        ComputationGraphConfiguration conf = base().graphBuilder().addInputs("in")
                .addLayer("spiking1", new SpikingDense.Builder(16).build(), "in")
                .addLayer("stock", stock.get(), "spiking1")
                .addLayer("spiking2", new SpikingDense.Builder(16).build(), "stock")
                .addLayer("readout", new LeakyIntegratorReadout.Builder(SpikeTrainTask.CLASSES).build(), "spiking2")
                .addLayer("loss", new TemporalLossLayer.Builder(new SdtLoss()).build(), "readout")
                .setOutputs("loss")
                .setInputTypes(InputType.recurrent(SpikeTrainTask.INPUTS, SpikeTrainTask.STEPS)).build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        net.fit(SpikeTrainTask.iterator(384, 1, 64), 3);

        // After fit the graph hands preprocessors the batch size of its last labels (64), not the 250 of the pass.
        assertThat(net.outputSingle(SpikeTrainTask.data(250, 2).getFeatures()).shape())
                .containsExactly(250, SpikeTrainTask.CLASSES);
        double accuracy = net.evaluate(SpikeTrainTask.iterator(250, 2, 250)).accuracy();
        assertThat(accuracy).isGreaterThan(0.8)
                .isEqualTo(SnnEvaluation.evaluate(net, SpikeTrainTask.iterator(250, 2, 250)).accuracy());
    }

    @Test
    void repeatVectorEncodesAFeedForwardInputOverTSteps() {
        int steps = 4;
        MultiLayerConfiguration conf = base().dataType(DataType.DOUBLE).list()
                .layer(new RepeatVector.Builder(steps).build())
                .layer(new SpikingDense.Builder(8).build())
                .layer(new LeakyIntegratorReadout.Builder(3).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.feedForward(5)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 5);
        // The spiking layer sees the image at every step: [6, 5] -> [6, 5, 4].
        INDArray encoded = net.feedForward(x, false).get(1);
        assertThat(encoded.shape()).containsExactly(6, 5, steps);
        for (int t = 0; t < steps; t++) {
            assertThat(encoded.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t)))
                    .isEqualTo(x);
        }
        assertThat(net.output(x).shape()).containsExactly(6, 3);
        net.fit(x, Nd4j.eye(3).repeat(0, 2).castTo(DataType.DOUBLE));
    }

    @Test
    void feedForwardInputWithoutEncodingNamesRepeatVectorAndDirectEncoding() {
        assertThatThrownBy(() -> base().list()
                .layer(new SpikingDense.Builder(8).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .setInputType(InputType.feedForward(5)).build())
                .hasMessageContaining("no time axis")
                .hasMessageContaining("RepeatVector")
                .hasMessageContaining("DirectEncodingPreProcessor");
    }

    @Test
    void stock2dConvolutionInFrontOfASpikingLayerNamesTheSpikingConvLayers() {
        assertThatThrownBy(() -> base().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).build())
                .layer(new SpikingConv.Builder(4, 3).build())
                .setInputType(InputType.convolutional(8, 8, 1)).build())
                .hasMessageContaining("no time axis")
                .hasMessageContaining("DirectEncodingPreProcessor")
                .hasMessageContaining("TimeConv");
    }

    @Test
    void batchNormalizationAppliedPerStepThroughRnnToFeedForwardEqualsTimeBatchNorm() {
        // DL4J gives BatchNormalization no preprocessor for [b, N, T] (its runtime would read it as an image), so
        // it takes the rows [b*T, N] through an explicit RnnToFeedForwardPreProcessor; the spiking layer after it
        // folds them back automatically. Its statistics over b*T rows are TimeBatchNorm's over batch and time.
        MultiLayerConfiguration conf = base().dataType(DataType.DOUBLE).list()
                .layer(new SpikingDense.Builder(8).build())
                .inputPreProcessor(1, new org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor())
                .layer(new BatchNormalization.Builder().build())
                .layer(new SpikingDense.Builder(3).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).perStepOutput(true).build())
                .setInputType(InputType.recurrent(SpikeTrainTask.INPUTS, SpikeTrainTask.STEPS)).build();
        assertThat(conf.getInputPreProcess(2)).isInstanceOf(FeedForwardToTimePreProcessor.class);
        MultiLayerConfiguration same = base().dataType(DataType.DOUBLE).list()
                .layer(new SpikingDense.Builder(8).build())
                .layer(new TimeBatchNorm.Builder().build())
                .layer(new SpikingDense.Builder(3).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).perStepOutput(true).build())
                .setInputType(InputType.recurrent(SpikeTrainTask.INPUTS, SpikeTrainTask.STEPS)).build();
        MultiLayerNetwork stock = new MultiLayerNetwork(conf);
        stock.init();
        MultiLayerNetwork time = new MultiLayerNetwork(same);
        time.init();
        time.setParams(stock.params());
        INDArray x = SpikeTrainTask.data(64, 5).getFeatures().castTo(DataType.DOUBLE);
        stock.fit(x, SpikeTrainTask.data(64, 5).getLabels().castTo(DataType.DOUBLE));
        time.fit(x, SpikeTrainTask.data(64, 5).getLabels().castTo(DataType.DOUBLE));
        INDArray test = SpikeTrainTask.data(250, 6).getFeatures().castTo(DataType.DOUBLE);
        assertThat(stock.output(test).sub(time.output(test)).amaxNumber().doubleValue()).isLessThan(1e-6);
    }
}
