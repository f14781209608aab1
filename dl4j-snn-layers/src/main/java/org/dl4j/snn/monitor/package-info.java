/**
 * Spike monitoring during training: {@link org.dl4j.snn.monitor.SpikeMonitor} (a {@code TrainingListener})
 * writes firing rates, dead and saturated fractions and tau / theta / v0 statistics as
 * {@link org.dl4j.snn.monitor.MonitorRecord}s to {@link org.dl4j.snn.monitor.MonitorSink}s; spike rasters of chosen
 * samples come from {@link org.dl4j.snn.monitor.LayerActivations} and {@link org.dl4j.snn.monitor.SampleSpikes}.
 * Public API.
 */
package org.dl4j.snn.monitor;
