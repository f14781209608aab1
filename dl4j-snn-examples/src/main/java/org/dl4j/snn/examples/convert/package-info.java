/**
 * The work behind the {@code convert} command (which lives in {@code cli} with the other commands): the data it
 * reads ({@link org.dl4j.snn.examples.convert.ConversionData}), SpikingJelly's reference models and results
 * ({@link org.dl4j.snn.examples.convert.SpikingJellyReference}) and the README's conversion example. Internal to
 * the examples module.
 */
package org.dl4j.snn.examples.convert;
