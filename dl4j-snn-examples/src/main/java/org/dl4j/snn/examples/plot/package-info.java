/**
 * Charts as PNG and SVG files (XChart): training curves, firing rates and dead / saturated fractions of a run,
 * the spike raster of one sample, ablation bars of an experiment.
 *
 * <p>Used by {@code plot} and by the notebooks ({@link org.dl4j.snn.examples.plot.SpikePlots},
 * {@link org.dl4j.snn.examples.plot.PlotMetric}); not a library API.
 */
package org.dl4j.snn.examples.plot;
