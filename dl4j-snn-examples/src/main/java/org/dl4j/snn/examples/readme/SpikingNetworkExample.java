package org.dl4j.snn.examples.readme;

// tag::imports[]
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dl4j.snn.datasets.NMnist;
import org.dl4j.snn.eval.SnnEvaluation;
import org.dl4j.snn.layers.LeakyIntegratorReadout;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.layers.SpikingNeuron;
import org.dl4j.snn.layers.TimeBatchNorm;
import org.dl4j.snn.layers.TimeConv;
import org.dl4j.snn.layers.TimePooling;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.dl4j.snn.loss.TetLoss;
import org.dl4j.snn.neuron.NeuronConfig;
import org.dl4j.snn.neuron.NeuronModel;
import org.dl4j.snn.neuron.Scope;
import org.dl4j.snn.neuron.V0Mode;
import org.dl4j.snn.surrogate.ATan;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.learning.config.Adam;
// end::imports[]

/**
 * README's first example: a convolutional spiking network with PLIF neurons (learned time constant, threshold and
 * initial potential) in an ordinary {@code MultiLayerConfiguration}, trained with the TET loss on N-MNIST.
 * {@code java -cp dl4j-snn-examples/target/dl4j-snn.jar org.dl4j.snn.examples.readme.SpikingNetworkExample
 * dl4j-snn-examples/data/nmnist-small} (5 epochs on the bundled sample).
 */
public final class SpikingNetworkExample {
    private SpikingNetworkExample() {
    }

    public static void main(String[] args) {
        Evaluation eval = run(Path.of(args.length > 0 ? args[0] : "dl4j-snn-examples/data/nmnist-small"));
        System.out.println(eval.stats());
    }

    /** Trains 5 epochs on the N-MNIST recordings under {@code root} ({@code Train/}, {@code Test/}) and evaluates. */
    public static Evaluation run(Path root) {
        // tag::network[]
        NeuronConfig plif = NeuronConfig.builder()
                .model(NeuronModel.LIF).tau(2.0).learnTau(true)          // PLIF: tau = 1/sigmoid(w), w learned
                .learnTheta(true).thetaScope(Scope.NEURON)                // STL-SNN / Rouser: learned threshold
                .v0Mode(V0Mode.LEARNABLE).v0Scope(Scope.NEURON)           // IMP-SNN: learned initial potential
                .surrogate(new ATan(2.0)).build();

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42).updater(new Adam(1e-3)).list()
                .layer(new TimeConv.Builder(32, 3).padding(1, 1).hasBias(false).build())   // conv at every step
                .layer(new TimeBatchNorm())                                                // BN over batch and time
                .layer(new SpikingNeuron.Builder(plif).build())                           // the neuron
                .layer(new TimePooling.Builder(PoolingType.MAX, 2, 2).stride(2, 2).build())
                .layer(new SpikingDense.Builder(128).neuron(plif).build())                // flatten inserted automatically
                .layer(new LeakyIntegratorReadout.Builder(10).build())                    // membrane potential [b, 10, T]
                .layer(new TemporalLossLayer.Builder(new TetLoss()).build())              // TET; SdtLoss, LtsLoss, ...
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 10, 34, 34, 2)) // T=10, 2x34x34
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.fit(NMnist.train(root).frames(10).batch(16).shuffle(42).iterator(), 5);
        Evaluation eval = SnnEvaluation.evaluate(net, NMnist.test(root).frames(10).batch(16).iterator());
        // end::network[]
        return eval;
    }
}
