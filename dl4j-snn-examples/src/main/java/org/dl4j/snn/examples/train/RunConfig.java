package org.dl4j.snn.examples.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * The effective settings of one training run: the preset's defaults with the user's overrides applied. Written
 * as {@code config.json} next to every run's results, so a run can be reproduced and its provenance read.
 *
 * @param preset       preset name (network + dataset)
 * @param root         dataset folder
 * @param steps        time steps T
 * @param epochs       training epochs
 * @param batch        mini-batch size
 * @param learningRate Adam learning rate
 * @param seed         seed of weights, data order and augmentation
 * @param neuron       neuron variant: if, lif, plif, cuba
 * @param tau          (initial) membrane time constant
 * @param learnTheta   learn the threshold per neuron (STL-SNN / Rouser)
 * @param learnV0      learn the initial membrane potential per neuron (IMP-SNN)
 * @param surrogate    surrogate gradient name
 * @param alpha        surrogate sharpness
 * @param loss         sdt, tet, lstet, lts or rate
 * @param engine       fused or samediff
 * @param threads      neuron-kernel threads
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunConfig(String preset, String root, int steps, int epochs, int batch, double learningRate, long seed,
                        String neuron, double tau, boolean learnTheta, boolean learnV0, String surrogate, double alpha,
                        String loss, String engine, int threads) {

    /** Writes this config as pretty JSON to {@code file}. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this));
    }
}
