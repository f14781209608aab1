package org.dl4j.snn.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dl4j.snn.convert.ConversionFixtures.CLASSES;
import static org.dl4j.snn.convert.ConversionFixtures.batches;
import static org.dl4j.snn.convert.ConversionFixtures.iterator;
import static org.dl4j.snn.convert.ConversionFixtures.trained;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingConv;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.layers.preprocessor.DirectEncodingPreProcessor;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.loss.TetLoss;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** AnnToSnn on small trained ANNs: the layout, the approximation, evaluation, saving, streaming, fine-tuning. */
class AnnToSnnTest {
    private static List<DataSet> train;
    private static List<DataSet> test;
    private static MultiLayerNetwork cnn;

    @BeforeAll
    static void trainAnn() {
        train = batches(8, 16, 1, false);
        test = batches(4, 16, 2, false);
        cnn = trained(ConversionFixtures.cnn(7), train, 15);
    }

    private static INDArray features(List<DataSet> data) {
        return Nd4j.concat(0, data.stream().map(DataSet::getFeatures).toArray(INDArray[]::new));
    }

    /** Mean over time of the readout, [b, classes]. */
    private static INDArray meanReadout(MultiLayerNetwork snn, INDArray x) {
        List<INDArray> acts = snn.feedForwardToLayer(snn.getnLayers() - 2, x, false);
        return acts.get(acts.size() - 1).mean(2);
    }

    @Test
    void layoutIsIfNeuronsWithSoftResetAndAReadout() {
        SnnConversion c = AnnToSnn.builder().steps(8).build().convert(cnn, iterator(train));
        MultiLayerNetwork snn = c.network();
        assertThat(snn.getLayerWiseConfigurations().getInputPreProcess(0)).isEqualTo(
                new DirectEncodingPreProcessor(8));
        List<Object> kinds = snn.getLayerWiseConfigurations().getConfs().stream()
                .map(l -> (Object) l.getLayer().getClass()).toList();
        assertThat(kinds).containsExactly(SpikingConv.class, TimePooling.class, SpikingConv.class, TimePooling.class,
                SpikingDense.class, LeakyIntegratorReadout.class, TemporalLossLayer.class);
        SpikingConv first = (SpikingConv) snn.getLayerWiseConfigurations().getConf(0).getLayer();
        assertThat(first.getNeuron().model()).isEqualTo(NeuronModel.IF);
        assertThat(first.getNeuron().reset()).isEqualTo(Reset.SOFT);
        assertThat(first.getNeuron().theta()).isEqualTo(1.0);
        assertThat(first.getNeuron().v0Mode()).isEqualTo(V0Mode.REST);
        assertThat(first.getLayerName()).isEqualTo("conv1");
        assertThat(c.scales()).extracting(LayerScale::layer).containsExactly("relu1", "conv2", "fc1");
        assertThat(c.scales()).allSatisfy(s -> assertThat(s.lambda()).hasSize(1));
        assertThat(c.calibrationSamples()).isEqualTo(8 * 16);
    }

    @Test
    void foldedAnnGivesTheAnnsPredictions() {
        SnnConversion c = AnnToSnn.builder().steps(4).build().convert(cnn, iterator(train));
        INDArray x = features(test);
        INDArray probs = cnn.output(x, false);
        INDArray logits = c.foldedAnn().output(x, false);
        INDArray softmax = Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax(logits.dup()))[0];
        assertThat(softmax.sub(probs).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void rateCodeApproachesTheAnnAtLongT() {
        // Exact maximum: no ANN activation exceeds its threshold, so the rates can represent all of them.
        SnnConversion c = AnnToSnn.builder().calibration(Calibration.EXACT).steps(256).build()
                .convert(cnn, iterator(train));
        INDArray x = features(test);
        INDArray logits = c.foldedAnn().output(x, false);
        INDArray mean = meanReadout(c.network(), x);
        double scale = logits.amaxNumber().doubleValue();
        assertThat(mean.sub(logits).amaxNumber().doubleValue()).isLessThan(0.1 * scale);
        INDArray annClass = logits.argMax(1);
        INDArray snnClass = mean.argMax(1);
        double agree = annClass.eq(snnClass).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertThat(agree).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void evaluateMatchesSnnEvaluationAtEachT() {
        SnnConversion c = AnnToSnn.builder().steps(16).build().convert(cnn, iterator(train));
        SpikingAccuracy acc = c.evaluate(iterator(test), 4, 16);
        assertThat(acc.samples()).isEqualTo(64);
        assertThat(acc.accuracy(16)).isEqualTo(SnnEvaluation.evaluate(c.network(), iterator(test)).accuracy());
        MultiLayerNetwork t4 = AnnToSnn.withSteps(c.network(), 4);
        assertThat(acc.accuracy(4)).isEqualTo(SnnEvaluation.evaluate(t4, iterator(test)).accuracy());
        assertThat(acc.firingRates()).containsOnlyKeys("conv1", "conv2", "fc1");
        assertThat(acc.firingRates().values()).allSatisfy(r -> assertThat(r).isBetween(0.0, 1.0));
        assertThat(acc.accuracy(16)).isGreaterThan(0.8);
    }

    @Test
    void aShorterNetworkIsThePrefixOfALongerOne() {
        SnnConversion c = AnnToSnn.builder().steps(12).build().convert(cnn, iterator(train));
        INDArray x = test.get(0).getFeatures();
        INDArray longRun = c.network().feedForwardToLayer(5, x, false).get(6);
        MultiLayerNetwork short5 = AnnToSnn.withSteps(c.network(), 5);
        INDArray shortRun = short5.feedForwardToLayer(5, x, false).get(6);
        assertThat(shortRun.shape()).containsExactly(16, CLASSES, 5);
        assertThat(shortRun.equalsWithEps(longRun.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 5)), 1e-6)).isTrue();
    }

    @Test
    void streamingStepByStepEqualsTheWholeRun() {
        MultiLayerNetwork snn = AnnToSnn.builder().steps(6).build().convert(cnn, iterator(train)).network();
        INDArray x = test.get(0).getFeatures();
        INDArray whole = snn.output(x);
        snn.rnnClearPreviousState();
        for (int t = 0; t < 6; t++) {
            INDArray step = snn.rnnTimeStep(x.reshape('c', 16, ConversionFixtures.C, 1, ConversionFixtures.H,
                    ConversionFixtures.W));
            assertThat(step.reshape(16, CLASSES).equalsWithEps(whole.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.point(t)), 1e-5)).as("step %d", t).isTrue();
        }
    }

    @Test
    void savesAndLoadsWithModelSerializer() throws Exception {
        MultiLayerNetwork snn = AnnToSnn.builder().steps(5).scaleScope(Scope.CHANNEL).initialPotential(0.5).build()
                .convert(cnn, iterator(train)).network();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(snn, bytes, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()),
                true);
        INDArray x = test.get(1).getFeatures();
        assertThat(back.output(x)).isEqualTo(snn.output(x));
        assertThat(back.getLayerWiseConfigurations()).isEqualTo(snn.getLayerWiseConfigurations());
        assertThat(MultiLayerConfiguration.fromJson(snn.getLayerWiseConfigurations().toJson()))
                .isEqualTo(snn.getLayerWiseConfigurations());
    }

    @Test
    void perChannelScalesAndAShiftedInitialPotential() {
        SnnConversion c = AnnToSnn.builder().scaleScope(Scope.CHANNEL).calibration(Calibration.EXACT)
                .initialPotential(0.5).steps(8).build().convert(cnn, iterator(train));
        assertThat(c.scales().get(0).lambda()).hasSize(4);
        assertThat(c.scales().get(1).lambda()).hasSize(6);
        assertThat(c.scales().get(2).lambda()).hasSize(8);
        // exact per-channel maximum of the folded ANN's ReLU outputs
        List<INDArray> acts = c.foldedAnn().feedForward(features(train), false);
        INDArray relu1 = acts.get(2); // folded layers: conv1, relu1, ...; entry 0 is the input
        for (int ch = 0; ch < 4; ch++) {
            float max = relu1.get(NDArrayIndex.all(), NDArrayIndex.point(ch)).maxNumber().floatValue();
            assertThat(c.scales().get(0).lambda()[ch]).isEqualTo(max);
        }
        SpikingConv first = (SpikingConv) c.network().getLayerWiseConfigurations().getConf(0).getLayer();
        assertThat(first.getNeuron().v0Mode()).isEqualTo(V0Mode.FIXED);
        assertThat(first.getNeuron().v0()).isEqualTo(0.5);
        assertThat(c.evaluate(iterator(test), 8).accuracy(8)).isGreaterThan(0.8);
    }

    @Test
    void fineTuningLowersTheLossAndLearnsV0() {
        SnnConversion c = AnnToSnn.builder().steps(4).initialPotential(0.5).learnInitialPotential(true)
                .loss(new TetLoss()).updater(new Adam(1e-3)).build().convert(cnn, iterator(train));
        MultiLayerNetwork snn = c.network();
        assertThat(snn.getLayer(0).paramTable()).containsKey("v0");
        INDArray v0 = snn.getLayer(0).getParam("v0").dup();
        assertThat(v0.minNumber().doubleValue()).isEqualTo(0.5);
        DataSet all = DataSet.merge(train);
        double before = snn.score(all);
        for (int e = 0; e < 3; e++) {
            snn.fit(iterator(train));
        }
        assertThat(snn.score(all)).isLessThan(before);
        assertThat(snn.getLayer(0).getParam("v0")).isNotEqualTo(v0);
    }

    @Test
    void flatImageInputIsViewedAsTheImage() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(3)
                        .activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(ConversionFixtures.H, ConversionFixtures.W,
                        ConversionFixtures.C)).build();
        MultiLayerNetwork ann = new MultiLayerNetwork(conf);
        ann.init();
        List<DataSet> flatTrain = batches(4, 16, 1, true);
        trained(ann, flatTrain, 5);
        SnnConversion c = AnnToSnn.builder().calibration(Calibration.EXACT).steps(200).build()
                .convert(ann, iterator(flatTrain));
        assertThat(c.network().getLayerWiseConfigurations().getInputPreProcess(0)).isEqualTo(
                new DirectEncodingPreProcessor(200, ConversionFixtures.C, ConversionFixtures.H, ConversionFixtures.W));
        INDArray x = flatTrain.get(0).getFeatures();
        INDArray logits = c.foldedAnn().output(x, false);
        assertThat(meanReadout(c.network(), x).sub(logits).amaxNumber().doubleValue())
                .isLessThan(0.05 * logits.amaxNumber().doubleValue() + 0.05);
    }

    @Test
    void mlpWithBatchNormAfterADenseLayer() {
        List<DataSet> flatTrain = batches(6, 16, 4, true);
        MultiLayerNetwork mlp = trained(ConversionFixtures.mlp(5), flatTrain, 10);
        SnnConversion c = AnnToSnn.builder().calibration(Calibration.EXACT).steps(300).build()
                .convert(mlp, iterator(flatTrain));
        assertThat(c.network().getLayerWiseConfigurations().getConfs()).hasSize(4);
        INDArray x = flatTrain.get(0).getFeatures();
        INDArray logits = c.foldedAnn().output(x, false);
        INDArray softmax = Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax(logits.dup()))[0];
        assertThat(softmax.sub(mlp.output(x)).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(meanReadout(c.network(), x).sub(logits).amaxNumber().doubleValue())
                .isLessThan(0.05 * logits.amaxNumber().doubleValue() + 0.05);
    }

    @Test
    void aChainGraphBecomesAnEquivalentGraph() {
        List<DataSet> flatTrain = batches(4, 16, 6, true);
        MultiLayerNetwork mlp = trained(ConversionFixtures.mlp(9), flatTrain, 5);
        ComputationGraphConfiguration gc = new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .addLayer("d1", new DenseLayer.Builder().nOut(12).activation(Activation.RELU).build(), "in")
                .addLayer("d2", new DenseLayer.Builder().nOut(10).activation(Activation.IDENTITY).build(), "d1")
                .addLayer("bn", new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().build(), "d2")
                .addLayer("act", new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder()
                        .activation(Activation.RELU).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "act")
                .setOutputs("out").setInputTypes(InputType.feedForward(ConversionFixtures.C * ConversionFixtures.H
                        * ConversionFixtures.W)).build();
        ComputationGraph graph = new ComputationGraph(gc);
        graph.init();
        graph.setParams(mlp.params());
        AnnToSnn converter = AnnToSnn.builder().steps(10).build();
        SnnConversion fromGraph = converter.convert(graph, iterator(flatTrain));
        SnnConversion fromList = converter.convert(mlp, iterator(flatTrain));
        assertThat(fromGraph.graph().getConfiguration().getNetworkOutputs()).containsExactly("out-loss");
        assertThat(fromGraph.scales()).extracting(LayerScale::layer).containsExactly("d1", "act");
        for (int i = 0; i < 2; i++) {
            assertThat(fromGraph.scales().get(i).lambda()).isEqualTo(fromList.scales().get(i).lambda());
        }
        INDArray x = flatTrain.get(1).getFeatures();
        assertThat(fromGraph.graph().outputSingle(x).equalsWithEps(fromList.network().output(x), 1e-5)).isTrue();
        SpikingAccuracy a = fromGraph.evaluate(iterator(flatTrain), 10);
        SpikingAccuracy b = fromList.evaluate(iterator(flatTrain), 10);
        assertThat(a.predictions()[0]).isEqualTo(b.predictions()[0]);
        assertThat(a.firingRates()).containsOnlyKeys("d1", "d2");
    }
}
