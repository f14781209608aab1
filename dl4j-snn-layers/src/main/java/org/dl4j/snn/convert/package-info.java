/**
 * ANN-to-SNN conversion: {@link org.dl4j.snn.convert.AnnToSnn} turns a trained DL4J network of ReLU layers into a
 * rate-coded network of this library's IF layers by threshold balancing (SpikingJelly's {@code ann2snn} rules, with
 * per-channel scales, exact statistics and a shifted initial potential as options), ready to evaluate, save, stream
 * and fine-tune with surrogate gradients. The steps of the conversion live in {@code org.dl4j.snn.convert.internal}.
 */
package org.dl4j.snn.convert;
