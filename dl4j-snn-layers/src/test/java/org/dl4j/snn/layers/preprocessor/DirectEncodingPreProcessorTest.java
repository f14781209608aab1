package org.dl4j.snn.layers.preprocessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dl4j.snn.layers.SpikingDense;
import org.dl4j.snn.loss.SdtLoss;
import org.dl4j.snn.loss.TemporalLossLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DirectEncodingPreProcessorTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @Test
    void repeatsAnImageAtEveryStepAndSumsTheGradient() {
        DirectEncodingPreProcessor p = new DirectEncodingPreProcessor(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 5, 6);
        INDArray out = p.preProcess(x, 2, NO_WS);
        assertThat(out.shape()).containsExactly(2, 4, 3, 5, 6);
        for (int t = 0; t < 3; t++) {
            assertThat(out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all(),
                    NDArrayIndex.all())).isEqualTo(x);
        }
        INDArray g = Nd4j.rand(DataType.FLOAT, 2, 4, 3, 5, 6);
        assertThat(p.backprop(g, 2, NO_WS).equalsWithEps(g.sum(2), 1e-6)).isTrue();
    }

    @Test
    void repeatsAVectorAndViewsFlatImagesAsImages() {
        INDArray v = Nd4j.rand(DataType.FLOAT, 2, 12);
        INDArray seq = new DirectEncodingPreProcessor(4).preProcess(v, 2, NO_WS);
        assertThat(seq.shape()).containsExactly(2, 12, 4);
        assertThat(seq.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(3))).isEqualTo(v);

        DirectEncodingPreProcessor img = new DirectEncodingPreProcessor(2, 3, 2, 2);
        INDArray out = img.preProcess(v, 2, NO_WS);
        assertThat(out.shape()).containsExactly(2, 3, 2, 2, 2);
        assertThat(out.getFloat(1, 2, 1, 1, 0)).isEqualTo(v.getFloat(1, 2 * 4 + 1 * 2 + 0));
        INDArray g = Nd4j.rand(DataType.FLOAT, 2, 3, 2, 2, 2);
        assertThat(img.backprop(g, 2, NO_WS).equalsWithEps(g.sum(2).reshape('c', 2, 12), 1e-6)).isTrue();
    }

    @Test
    void sequencesPassThroughWhateverTheirLength() {
        DirectEncodingPreProcessor p = new DirectEncodingPreProcessor(8);
        INDArray five = Nd4j.rand(DataType.FLOAT, 2, 3, 1, 4, 4);
        assertThat(p.preProcess(five, 2, NO_WS)).isEqualTo(five);
        INDArray three = Nd4j.rand(DataType.FLOAT, 2, 3, 5);
        assertThat(p.preProcess(three, 2, NO_WS)).isEqualTo(three);
        INDArray g = Nd4j.rand(DataType.FLOAT, 2, 3, 5);
        assertThat(p.backprop(g, 2, NO_WS)).isEqualTo(g);
        // a flat image sequence [b, C*H*W, T] becomes [b, C, T, H, W]
        DirectEncodingPreProcessor img = new DirectEncodingPreProcessor(8, 1, 2, 2);
        INDArray flatSeq = Nd4j.rand(DataType.FLOAT, 2, 4, 3);
        INDArray out = img.preProcess(flatSeq, 2, NO_WS);
        assertThat(out.shape()).containsExactly(2, 1, 3, 2, 2);
        assertThat(out.getFloat(1, 0, 2, 1, 0)).isEqualTo(flatSeq.getFloat(1, 2, 2));
    }

    @Test
    void outputTypes() {
        DirectEncodingPreProcessor p = new DirectEncodingPreProcessor(5);
        assertThat(p.getOutputType(InputType.convolutional(28, 27, 3))).isEqualTo(
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 5, 28, 27, 3));
        assertThat(p.getOutputType(InputType.feedForward(7))).isEqualTo(InputType.recurrent(7, 5));
        assertThat(p.getOutputType(InputType.convolutionalFlat(4, 4, 2))).isEqualTo(
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 5, 4, 4, 2));
        assertThat(new DirectEncodingPreProcessor(5, 2, 4, 4).getOutputType(InputType.feedForward(32))).isEqualTo(
                InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 5, 4, 4, 2));
        assertThatThrownBy(() -> new DirectEncodingPreProcessor(5, 2, 4, 4).getOutputType(InputType.feedForward(31)))
                .hasMessageContaining("32 features");
        assertThatThrownBy(() -> new DirectEncodingPreProcessor(0)).hasMessageContaining("steps must be >= 1");
        assertThatThrownBy(() -> new DirectEncodingPreProcessor(2, 1, 0, 3)).hasMessageContaining("all be > 0");
    }

    @Test
    void jsonRoundTripInANetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new SpikingDense.Builder(4).build())
                .layer(new TemporalLossLayer.Builder(new SdtLoss()).build())
                .inputPreProcessor(0, new DirectEncodingPreProcessor(6, 1, 2, 3))
                .setInputType(InputType.feedForward(6)).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        assertThat(back.getInputPreProcess(0)).isEqualTo(new DirectEncodingPreProcessor(6, 1, 2, 3));
        assertThat(((SpikingDense) back.getConf(0).getLayer()).getNIn()).isEqualTo(6);
    }
}
