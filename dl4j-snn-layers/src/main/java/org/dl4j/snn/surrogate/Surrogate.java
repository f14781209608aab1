package org.dl4j.snn.surrogate;

import java.io.Serializable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * A surrogate gradient for the Heaviside spike function: the backward pass uses {@link #derivative(double)}
 * in place of dHeaviside/du, with u = H - theta (membrane potential after charge minus threshold).
 * Each surrogate is a smooth function g (its {@link #primitive(double) primitive}) whose derivative g'(u) is the
 * surrogate; forward spikes stay exactly Heaviside(u) = (u &gt;= 0 ? 1 : 0).
 *
 * <p>The primitive serves two purposes: the SameDiff "detach trick" spike
 * {@code step(u) + g(u) - stopGradient(g(u))} (forward exactly 0/1, backward exactly g'(u)) and test-only smooth
 * forwards (spike = g(u)), under which the surrogate gradient is the true gradient. Only g' matters for training,
 * so a primitive may carry any constant offset; the built-in ones are steps from 0 to 1 except where stated.
 *
 * <p>Users add their own surrogate by implementing this interface (immutable, with a public no-argument or
 * {@code @JsonCreator} constructor); instances are serialised polymorphically by class name, so a configuration
 * holding one round-trips through DL4J's JSON.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface Surrogate extends Serializable {

    /** The surrogate derivative g'(u) used instead of dHeaviside/du; u = H - theta. */
    double derivative(double u);

    /** The smooth function g whose derivative is {@link #derivative(double)}. */
    double primitive(double u);

    /** The same g as a SameDiff expression of {@code u}; its automatic derivative is g'(u). */
    SDVariable primitive(SameDiff sd, SDVariable u);
}
