package org.dl4j.snn.convert.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.dl4j.snn.layers.preprocessor.DirectEncodingPreProcessor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Builds the spiking {@link MultiLayerNetwork} or {@link ComputationGraph} from {@link SnnAssembler.Spec}s, with a
 * {@link DirectEncodingPreProcessor} in front of the first layer, and changes the T of such a network.
 */
public final class SnnNetworks {
    private SnnNetworks() {
    }

    /** The static input type of the ANN's features and the direct encoding over {@code steps} for it. */
    public record Input(InputType type, DirectEncodingPreProcessor encoding) {
        public static Input of(long[] featureShape, long[] imageShape, int steps) {
            if (featureShape.length == 4) {
                return new Input(InputType.convolutional(featureShape[2], featureShape[3], featureShape[1]),
                        new DirectEncodingPreProcessor(steps));
            }
            if (featureShape.length == 2) {
                if (imageShape != null) {
                    return new Input(InputType.feedForward(featureShape[1]),
                            new DirectEncodingPreProcessor(steps, imageShape[0], imageShape[1], imageShape[2]));
                }
                return new Input(InputType.feedForward(featureShape[1]), new DirectEncodingPreProcessor(steps));
            }
            throw new IllegalArgumentException("AnnToSnn: calibration features must be [batch, N] or [batch, C, H, W]"
                    + ", got shape " + java.util.Arrays.toString(featureShape));
        }

        /** InputType for the folded ANN: the flat image is an InputType.convolutionalFlat. */
        public InputType annType() {
            if (type instanceof InputType.InputTypeFeedForward f && encoding.hasImageShape()) {
                InputType.InputTypeConvolutional3D c =
                        (InputType.InputTypeConvolutional3D) encoding.getOutputType(type);
                return InputType.convolutionalFlat(c.getHeight(), c.getWidth(), c.getChannels());
            }
            return type;
        }
    }

    private static NeuralNetConfiguration.Builder base(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).updater(updater);
    }

    /** DL4J's default layer names "layer&lt;i&gt;" of the ANN would be misleading at another index: leave them out. */
    private static boolean defaultName(String name) {
        return name.matches("layer\\d+");
    }

    public static MultiLayerNetwork multiLayer(List<SnnAssembler.Spec> specs, Input input, IUpdater updater,
                                               long seed) {
        NeuralNetConfiguration.ListBuilder list = base(updater, seed).list();
        Set<String> used = new HashSet<>();
        for (SnnAssembler.Spec s : specs) {
            org.deeplearning4j.nn.conf.layers.Layer l = s.conf();
            if (!defaultName(s.name()) && used.add(s.name())) {
                l.setLayerName(s.name());
            }
            list.layer(l);
        }
        list.inputPreProcessor(0, input.encoding());
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(input.type()).build());
        net.init();
        for (int i = 0; i < specs.size(); i++) {
            load(net.getLayer(i), specs.get(i));
        }
        return net;
    }

    public static ComputationGraph graph(List<SnnAssembler.Spec> specs, Input input, String inputName,
                                         IUpdater updater, long seed) {
        ComputationGraphConfiguration.GraphBuilder g = base(updater, seed).graphBuilder().addInputs(inputName)
                .setInputTypes(input.type());
        Set<String> used = new HashSet<>();
        used.add(inputName);
        String previous = inputName;
        String[] names = new String[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            String name = specs.get(i).name();
            String unique = name;
            for (int k = 2; !used.add(unique); k++) {
                unique = name + "-" + k;
            }
            names[i] = unique;
            if (i == 0) {
                g.addLayer(unique, specs.get(i).conf(), input.encoding(), previous);
            } else {
                g.addLayer(unique, specs.get(i).conf(), previous);
            }
            previous = unique;
        }
        ComputationGraph net = new ComputationGraph(g.setOutputs(previous).build());
        net.init();
        for (int i = 0; i < specs.size(); i++) {
            load(net.getLayer(names[i]), specs.get(i));
        }
        return net;
    }

    private static void load(Layer layer, SnnAssembler.Spec s) {
        if (s.weight() != null) {
            INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
            w.assign(s.weight().reshape(w.shape()));
            INDArray b = layer.getParam(DefaultParamInitializer.BIAS_KEY);
            b.assign(s.bias().reshape(b.shape()));
        }
    }

    /** A copy of a network with a {@link DirectEncodingPreProcessor} in front, whose T is {@code steps}. */
    public static Model withSteps(Model snn, int steps) {
        if (snn instanceof MultiLayerNetwork m) {
            MultiLayerConfiguration conf = m.getLayerWiseConfigurations().clone();
            InputPreProcessor p = conf.getInputPreProcess(0);
            if (!(p instanceof DirectEncodingPreProcessor d)) {
                throw new IllegalArgumentException("withSteps: the network's first layer has no "
                        + "DirectEncodingPreProcessor (got " + p + ")");
            }
            conf.getInputPreProcessors().put(0, d.withSteps(steps));
            MultiLayerNetwork copy = new MultiLayerNetwork(conf);
            copy.init(m.params().dup(), false);
            return copy;
        }
        if (snn instanceof ComputationGraph cg) {
            ComputationGraphConfiguration conf = cg.getConfiguration().clone();
            boolean found = false;
            for (GraphVertex v : conf.getVertices().values()) {
                if (v instanceof LayerVertex lv && lv.getPreProcessor() instanceof DirectEncodingPreProcessor d) {
                    lv.setPreProcessor(d.withSteps(steps));
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("withSteps: the graph has no DirectEncodingPreProcessor");
            }
            ComputationGraph copy = new ComputationGraph(conf);
            copy.init(cg.params().dup(), false);
            return copy;
        }
        throw new IllegalArgumentException("withSteps: expected a MultiLayerNetwork or ComputationGraph, got "
                + (snn == null ? null : snn.getClass().getName()));
    }
}
