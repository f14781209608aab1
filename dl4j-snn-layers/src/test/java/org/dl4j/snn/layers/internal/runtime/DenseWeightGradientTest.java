package org.dl4j.snn.layers.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The dense synapse's stock weight gradient: dW = sum over samples of x[n] dz[n]^T, rows split over threads. */
class DenseWeightGradientTest {

    @Test
    void rowPartsGiveTheSumOfThePerSampleProductsIntoAnFOrderGradientView() {
        Nd4j.getRandom().setSeed(3);
        int batch = 5;
        int nIn = 130; // not a multiple of the row parts
        int nOut = 7;
        int steps = 11;
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, nIn, steps);
        INDArray dz = Nd4j.rand(DataType.FLOAT, batch, nOut, steps).subi(0.5);
        // DL4J hands the layer an f-order view into the network's flat gradient, with something after it.
        INDArray flat = Nd4j.valueArrayOf(new long[] {1, nIn * nOut + 3}, -7f, DataType.FLOAT);
        INDArray dW = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, nIn * nOut)).reshape('f', nIn, nOut);

        DenseSynapseRuntime.weightGradient(x, dz, dW);

        INDArray expected = Nd4j.zeros(DataType.DOUBLE, nIn, nOut);
        for (int n = 0; n < batch; n++) {
            expected.addi(x.slice(n).castTo(DataType.DOUBLE).mmul(dz.slice(n).castTo(DataType.DOUBLE).transpose()));
        }
        double worst = dW.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue();
        assertThat(worst).isLessThan(1e-4);
        assertThat(flat.getFloat(nIn * nOut)).as("the element after the view is untouched").isEqualTo(-7f);
        assertThat(flat.getFloat(nIn * nOut + 2)).isEqualTo(-7f);
    }
}
