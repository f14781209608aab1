package org.dl4j.snn.nir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.TimeBatchNorm;
import org.dl4j.snn.layers.TimeConv;
import org.dl4j.snn.layers.TimeFlatten;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.layers.VotingReadout;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Reset;
import org.dl4j.snn.neuron.V0Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Export of networks built here: the DL4J equivalents of two ORIGINAL SpikingJelly networks of the shared cases
 * (conv + BatchNorm + sum pooling, whose BN must be folded; soft reset, which NIR cannot express) reproduce
 * sj_torch/, export, and the exported file imports to sj_nir/; and the refusals (soft reset, v0, max pooling, votes)
 * with their approximate opt-in.
 */
class NirExportTest {
    @TempDir
    Path tmp;

    private static NirNode node(String c, String name) {
        return NirGraph.read(NirCases.dir(c).resolve("model.nir")).node(name);
    }

    private static INDArray param(String c, String name) {
        return NirCases.npy(NirCases.dir(c).resolve("sj_params").resolve(name + ".npy"));
    }

    private static INDArray arr(NirArray a) {
        return Nd4j.create(a.values(), a.shape(), 'c').castTo(DataType.FLOAT);
    }

    /** conv1 (bias) - BatchNorm (eval) - LIF(tau 2) - SumPool2d(2) - Flatten - Linear - IF(theta 2). */
    @Test
    void convBatchNormSumPoolOriginalReproducesSjTorchAndExportsWithBatchNormFolded() {
        String c = "conv_bn_sumpool";
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new TimeConv.Builder(3, 3).hasBias(true).name("conv1").build())
                .layer(new TimeBatchNorm.Builder().eps(1e-5).useLogStd(false).name("bn1").build())
                .layer(new SpikingNeuron.Builder(NeuronConfig.builder().tau(2).build()).name("lif1").build())
                .layer(new TimePooling.Builder(PoolingType.PNORM, 2, 2).stride(2, 2).pnorm(1).name("pool1").build())
                .layer(new TimeFlatten.Builder().name("flat").build())
                .layer(new SpikingDense.Builder(4).hasBias(false).name("fc+if1")
                        .neuron(NeuronConfig.builder().model(NeuronModel.IF).theta(2).build()).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 8, 10, 10, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getLayer(0).setParam("W", param(c, "conv1.weight"));
        net.getLayer(0).setParam("b", param(c, "conv1.bias").reshape(1, 3));
        net.getLayer(1).setParam("gamma", param(c, "bn1.weight").reshape(1, 3));
        net.getLayer(1).setParam("beta", param(c, "bn1.bias").reshape(1, 3));
        net.getLayer(1).setParam("mean", param(c, "bn1.running_mean").reshape(1, 3));
        net.getLayer(1).setParam("var", param(c, "bn1.running_var").reshape(1, 3));
        net.getLayer(5).setParam("W", arr(node(c, "fc").field("weight")).transpose().dup());
        INDArray x = NirCases.input(c);
        NirModel original = NirModel.of(net);
        INDArray torchOut = NirCases.npy(NirCases.dir(c).resolve("sj_torch").resolve("output.npy"));
        assertThat(original.output(x)).as("the DL4J network reproduces SpikingJelly's original").isEqualTo(torchOut);

        NirExport.Result r = NirExport.toGraph(net, NirExport.Options.defaults().withDt(NirCases.dt(c)));
        assertThat(r.warnings()).anyMatch(w -> w.contains("bn1") && w.contains("folded into 'conv1'"));
        assertThat(r.graph().nodes().keySet()).containsExactlyInAnyOrder("input", "conv1", "lif1", "pool1", "flat",
                "fc", "if1", "output");
        assertThat(r.graph().node("pool1").type()).isEqualTo("SumPool2d");
        // the folded conv equals the file SpikingJelly wrote with fuse_conv_bn_eval, up to float32 rounding
        NirArray folded = r.graph().node("conv1").field("weight");
        NirArray sj = node(c, "conv1").field("weight");
        for (int i = 0; i < sj.size(); i++) assertThat(folded.get(i)).isCloseTo(sj.get(i), org.assertj.core.api.Assertions.within(1e-6));
        Path file = tmp.resolve("bn.nir");
        r.graph().write(file);
        NirFileStructure.check(file);
        NirModel back = NirImport.read(file, NirImport.Options.defaults());
        assertThat(back.dt()).isEqualTo(NirCases.dt(c));
        assertThat(back.output(x)).isEqualTo(NirCases.sjNir(c, "output", null));
    }

    private static MultiLayerNetwork softResetOriginal(boolean soft) {
        String c = "soft_reset";
        Reset reset = soft ? Reset.SOFT : Reset.HARD;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new SpikingDense.Builder(6).name("fc1+if1")
                        .neuron(NeuronConfig.builder().model(NeuronModel.IF).reset(reset).build()).build())
                .layer(new SpikingDense.Builder(3).name("fc2+lif1")
                        .neuron(NeuronConfig.builder().tau(2).reset(reset).build()).build())
                .setInputType(InputType.recurrent(8)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (int i = 0; i < 2; i++) {
            NirNode fc = node(c, "fc" + (i + 1));
            net.getLayer(i).setParam("W", arr(fc.field("weight")).transpose().dup());
            net.getLayer(i).setParam("b", arr(fc.field("bias")).reshape(1, fc.field("bias").size()));
        }
        return net;
    }

    @Test
    void softResetIsRefusedByDefaultAndApproximatedAsHardResetWithAWarning() {
        String c = "soft_reset";
        MultiLayerNetwork net = softResetOriginal(true);
        INDArray x = NirCases.input(c);
        INDArray torchOut = NirCases.npy(NirCases.dir(c).resolve("sj_torch").resolve("output.npy"));
        assertThat(NirModel.of(net).output(x)).as("soft reset reproduces SpikingJelly's original").isEqualTo(torchOut);
        assertThatThrownBy(() -> NirExport.toGraph(net, null)).isInstanceOf(NirException.class)
                .hasMessageContaining("'fc1+if1'").hasMessageContaining("soft reset")
                .hasMessageContaining("approximate");
        NirExport.Result r = NirExport.toGraph(net, NirExport.Options.defaults().withApproximate(true));
        assertThat(r.warnings()).hasSize(2).allMatch(w -> w.contains("hard reset to 0"));
        assertThat(r.graph().metadata().get("reset_mode")).isEqualTo("soft");
        // what the approximated file does is what SpikingJelly's own export of this network does (sj_nir)
        NirModel back = NirImport.toNetwork(r.graph(), null);
        assertThat(back.output(x)).isEqualTo(NirCases.sjNir(c, "output", null));
        assertThat(NirExport.toGraph(softResetOriginal(false), null).graph().metadata().get("reset_mode"))
                .isEqualTo("hard");
    }

    @Test
    void learnableV0IsRefusedOrDropped() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list()
                .layer(new SpikingDense.Builder(5).name("h")
                        .neuron(NeuronConfig.builder().v0Mode(V0Mode.LEARNABLE).v0(0.5).build()).build())
                .setInputType(InputType.recurrent(4)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertThatThrownBy(() -> NirExport.toGraph(net, null)).isInstanceOf(NirException.class)
                .hasMessageContaining("'h'").hasMessageContaining("v0");
        NirExport.Result r = NirExport.toGraph(net, NirExport.Options.defaults().withApproximate(true));
        assertThat(r.warnings()).singleElement().asString().contains("dropped");
        assertThat(r.graph().node("h.lif").type()).isEqualTo("LIF");
    }

    private static MultiLayerNetwork poolNet(PoolingType type, boolean vote) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .list()
                .layer(new TimeConv.Builder(4, 3).padding(1, 1).name("c").build())
                .layer(new SpikingNeuron.Builder(NeuronConfig.builder().model(NeuronModel.IF).theta(0.2).build())
                        .name("n").build())
                .layer(new TimePooling.Builder(type, 2, 2).stride(2, 2).name("p").build())
                .layer(new SpikingDense.Builder(6).name("d")
                        .neuron(NeuronConfig.builder().model(NeuronModel.IF).theta(0.3).build()).build());
        if (vote) b.layer(new VotingReadout.Builder(3).name("vote").build());
        MultiLayerNetwork net = new MultiLayerNetwork(b
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 5, 6, 6, 2)).build());
        net.init();
        return net;
    }

    @Test
    void maxPoolingAndVotingAreRefusedOrApproximatedExactlyOnSpikes() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2, 2, 6, 6).lt(0.4).castTo(DataType.FLOAT);
        MultiLayerNetwork max = poolNet(PoolingType.MAX, true);
        assertThatThrownBy(() -> NirExport.toGraph(max, null)).isInstanceOf(NirException.class)
                .hasMessageContaining("'p'").hasMessageContaining("max pooling");
        NirExport.Result r = NirExport.toGraph(max, NirExport.Options.defaults().withApproximate(true));
        assertThat(r.warnings()).anyMatch(w -> w.contains("SumPool2d")).anyMatch(w -> w.contains("Linear 'vote'"));
        assertThat(r.graph().node("p.max").type()).isEqualTo("Threshold");
        NirModel back = NirImport.toNetwork(r.graph(), null);
        assertThat(back.output(x)).isEqualTo(NirModel.of(max).output(x));

        MultiLayerNetwork avg = poolNet(PoolingType.AVG, false);
        NirExport.Result ra = NirExport.toGraph(avg, null);
        assertThat(ra.warnings()).isEmpty();
        assertThat(NirImport.toNetwork(ra.graph(), null).output(x)).isEqualTo(NirModel.of(avg).output(x));
        assertThat(ra.graph().node("d.flatten").type()).isEqualTo("Flatten");
    }
}
