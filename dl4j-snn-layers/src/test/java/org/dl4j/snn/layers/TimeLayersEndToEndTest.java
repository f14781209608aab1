package org.dl4j.snn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dl4j.snn.layers.TimeLayerFixtures.maxAbsDiff;
import static org.dl4j.snn.layers.TimeLayerFixtures.randn;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Every time layer in one network of stock DL4J layers: Convolution3D (kernel depth 1) -> TimeBatchNorm -> tanh ->
 * TimePooling -> TimeFlatten -> TimeDropoutLayer -> SimpleRnn (classes * votes) -> VotingReadout -> MSE, in
 * MultiLayerNetwork and ComputationGraph, with and without workspaces, float32 and float64.
 */
class TimeLayersEndToEndTest {
    private static final int B = 6;
    private static final int C = 2;
    private static final int T = 4;
    private static final int H = 6;
    private static final int W = 6;
    private static final int CLASSES = 3;
    private static final int VOTES = 2;

    private static InputType inputType() {
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, H, W, C);
    }

    private static List<Layer> layers(double dropProbability) {
        List<Layer> l = new ArrayList<>();
        l.add(new Convolution3D.Builder().kernelSize(1, 3, 3).stride(1, 1, 1).nOut(4)
                .convolutionMode(ConvolutionMode.Same).dataFormat(Convolution3D.DataFormat.NCDHW)
                .activation(Activation.IDENTITY).build());
        l.add(new TimeBatchNorm.Builder().build());
        l.add(new ActivationLayer(Activation.TANH));
        l.add(new TimePooling.Builder(PoolingType.MAX, 2).stride(2).build());
        l.add(new TimeFlatten.Builder().build());
        l.add(new TimeDropoutLayer.Builder(dropProbability).build());
        l.add(new SimpleRnn.Builder().nOut(CLASSES * VOTES).activation(Activation.SIGMOID).build());
        l.add(new VotingReadout.Builder(VOTES).build());
        l.add(new RnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build());
        return l;
    }

    private static NeuralNetConfiguration.Builder base(DataType dt, WorkspaceMode ws) {
        return new NeuralNetConfiguration.Builder().seed(123).dataType(dt).updater(new Adam(1e-2))
                .trainingWorkspaceMode(ws).inferenceWorkspaceMode(ws);
    }

    static MultiLayerNetwork mln(DataType dt, WorkspaceMode ws, double dropProbability) {
        NeuralNetConfiguration.ListBuilder b = base(dt, ws).list();
        layers(dropProbability).forEach(b::layer);
        MultiLayerConfiguration conf = TimeLayerFixtures.jsonRoundTrip(b.setInputType(inputType()).build());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static ComputationGraph graph(DataType dt, WorkspaceMode ws, double dropProbability) {
        ComputationGraphConfiguration.GraphBuilder g = base(dt, ws).graphBuilder().addInputs("in")
                .setInputTypes(inputType());
        String prev = "in";
        int i = 0;
        for (Layer l : layers(dropProbability)) {
            String name = "l" + i++;
            g.addLayer(name, l, prev);
            prev = name;
        }
        ComputationGraphConfiguration conf = g.setOutputs(prev).build();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        ComputationGraph net = new ComputationGraph(back);
        net.init();
        return net;
    }

    /** Inputs whose class (the brightest quarter of the image) is learnable; labels one-hot repeated over T. */
    static DataSet data(DataType dt) {
        INDArray x = randn(dt, 21, B, C, T, H, W).muli(0.3);
        INDArray y = Nd4j.zeros(dt, B, CLASSES, T);
        for (int b = 0; b < B; b++) {
            int k = b % CLASSES;
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(2 * k, 2 * k + 2),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).addi(1.0);
            for (int t = 0; t < T; t++) {
                y.putScalar(new long[] {b, k, t}, 1.0);
            }
        }
        return new DataSet(x, y);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void multiLayerNetworkTrainsAndSavesAndLoadsIdentically(DataType dt) {
        MultiLayerNetwork net = mln(dt, WorkspaceMode.ENABLED, 0.2);
        DataSet ds = data(dt);
        double first = net.score(ds);
        for (int i = 0; i < 25; i++) {
            net.fit(ds);
        }
        double last = net.score(ds);
        assertThat(last).as("loss %s -> %s", first, last).isLessThan(0.6 * first);

        MultiLayerNetwork restored = TimeLayerFixtures.saveAndLoad(net);
        assertThat(restored.params()).isEqualTo(net.params());
        assertThat(restored.output(ds.getFeatures())).isEqualTo(net.output(ds.getFeatures()));
        // Updater state restored too: one more identical step (same dropout mask via the seed) stays identical.
        Nd4j.getRandom().setSeed(99);
        net.fit(ds);
        Nd4j.getRandom().setSeed(99);
        restored.fit(ds);
        assertThat(restored.params()).isEqualTo(net.params());
    }

    @Test
    void computationGraphTrainsSavesAndLoadsIdenticallyAndMatchesTheMultiLayerNetwork() {
        ComputationGraph cg = graph(DataType.FLOAT, WorkspaceMode.ENABLED, 0.2);
        DataSet ds = data(DataType.FLOAT);
        MultiLayerNetwork mln = mln(DataType.FLOAT, WorkspaceMode.ENABLED, 0.2);
        cg.setParams(mln.params());
        assertThat(cg.outputSingle(ds.getFeatures())).isEqualTo(mln.output(ds.getFeatures()));

        double first = cg.score(ds);
        for (int i = 0; i < 25; i++) {
            cg.fit(ds);
        }
        double last = cg.score(ds);
        assertThat(last).as("loss %s -> %s", first, last).isLessThan(0.6 * first);

        ComputationGraph restored = TimeLayerFixtures.saveAndLoad(cg);
        assertThat(restored.params()).isEqualTo(cg.params());
        assertThat(restored.outputSingle(ds.getFeatures())).isEqualTo(cg.outputSingle(ds.getFeatures()));
    }

    @Test
    void workspacesEnabledAndNoneGiveTheSameOutputsScoresAndGradients() {
        DataSet ds = data(DataType.DOUBLE);
        MultiLayerNetwork on = mln(DataType.DOUBLE, WorkspaceMode.ENABLED, 0.3);
        MultiLayerNetwork off = mln(DataType.DOUBLE, WorkspaceMode.NONE, 0.3);
        assertThat(off.params()).isEqualTo(on.params());
        assertThat(off.output(ds.getFeatures())).isEqualTo(on.output(ds.getFeatures()));

        Gradient[] grads = new Gradient[2];
        double[] scores = new double[2];
        MultiLayerNetwork[] nets = {on, off};
        for (int i = 0; i < 2; i++) {
            Nd4j.getRandom().setSeed(5);
            nets[i].setInput(ds.getFeatures());
            nets[i].setLabels(ds.getLabels());
            nets[i].computeGradientAndScore();
            grads[i] = nets[i].gradient();
            scores[i] = nets[i].score();
        }
        assertThat(scores[1]).isEqualTo(scores[0]);
        assertThat(maxAbsDiff(grads[1].gradient(), grads[0].gradient())).isLessThan(1e-12);

        ComputationGraph cgOn = graph(DataType.DOUBLE, WorkspaceMode.ENABLED, 0.3);
        ComputationGraph cgOff = graph(DataType.DOUBLE, WorkspaceMode.NONE, 0.3);
        cgOff.setParams(cgOn.params());
        Nd4j.getRandom().setSeed(6);
        cgOn.fit(ds);
        Nd4j.getRandom().setSeed(6);
        cgOff.fit(ds);
        assertThat(maxAbsDiff(cgOff.params(), cgOn.params())).isLessThan(1e-12);
    }

    @Test
    void float32AndFloat64NetworksWithTheSameParametersAgree() {
        DataSet ds = data(DataType.DOUBLE);
        MultiLayerNetwork f64 = mln(DataType.DOUBLE, WorkspaceMode.ENABLED, 0.0);
        MultiLayerNetwork f32 = mln(DataType.FLOAT, WorkspaceMode.ENABLED, 0.0);
        f32.setParams(f64.params().castTo(DataType.FLOAT));
        INDArray out64 = f64.output(ds.getFeatures(), true);
        INDArray out32 = f32.output(ds.getFeatures().castTo(DataType.FLOAT), true);
        assertThat(out32.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(maxAbsDiff(out32, out64)).isLessThan(1e-4);
    }

    @Test
    void summaryAndMemoryReportWalkEveryLayer() {
        MultiLayerNetwork net = mln(DataType.FLOAT, WorkspaceMode.ENABLED, 0.2);
        String summary = net.summary(inputType());
        // The summary names runtimes; the shapes are the inferred InputTypes.
        assertThat(summary).contains("TimeBatchNormRuntime", "TimePoolingRuntime", "TimeFlattenRuntime",
                "TimeDropoutRuntime", "VotingReadoutRuntime", "d=4,h=3,w=3,c=4", "InputTypeRecurrent(36,",
                "InputTypeRecurrent(3,");
        // Stock memory reports are incomplete (Convolution3D's throws, SimpleRnn's is null): check the time layers'.
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<InputType> types = conf.getLayerActivationTypes(inputType());
        for (int i = 1; i < types.size(); i++) {
            Layer l = conf.getConf(i).getLayer();
            if (l.getClass().getPackageName().equals(TimePooling.class.getPackageName())) {
                var report = l.getMemoryReport(types.get(i - 1));
                assertThat(report.getOutputType()).as(l.getClass().getSimpleName()).isEqualTo(types.get(i));
                assertThat(report.getTotalMemoryBytes(16, org.deeplearning4j.nn.conf.memory.MemoryUseMode.TRAINING,
                        org.deeplearning4j.nn.conf.CacheMode.NONE, DataType.FLOAT)).isPositive();
            }
        }
    }

    /** Stock Convolution3D rejects a [batch, T] mask (it expects a spatial one), so this net starts after it. */
    @Test
    void timeStepMasksFlowThroughEveryTimeLayerDuringTraining() {
        NeuralNetConfiguration.ListBuilder b = base(DataType.FLOAT, WorkspaceMode.ENABLED).list();
        layers(0.2).stream().skip(1).forEach(b::layer);
        MultiLayerNetwork net = new MultiLayerNetwork(b.setInputType(inputType()).build());
        net.init();
        DataSet ds = data(DataType.FLOAT);
        INDArray mask = Nd4j.ones(DataType.FLOAT, B, T);
        mask.putScalar(0, T - 1, 0.0);
        mask.putScalar(1, T - 1, 0.0);
        mask.putScalar(1, T - 2, 0.0);
        DataSet masked = new DataSet(ds.getFeatures(), ds.getLabels(), mask, mask);
        double before = net.score(masked);
        for (int i = 0; i < 5; i++) {
            net.fit(masked);
        }
        assertThat(net.score(masked)).isLessThan(before);
        // A masked label step contributes nothing: changing its label leaves the score unchanged.
        INDArray otherLabels = ds.getLabels().dup();
        otherLabels.putScalar(new long[] {0, 0, T - 1}, 5.0);
        assertThat(net.score(new DataSet(ds.getFeatures(), otherLabels, mask, mask)))
                .isEqualTo(net.score(masked));
    }
}
