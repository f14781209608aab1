/**
 * Event transforms and frame integration: pure functions {@code Events -> Events} (denoise, spatial and temporal
 * downsampling, crop / flip / drop augmentations, after tonic) and {@link org.dl4j.snn.datasets.transform.ToFrames}
 * with its {@link org.dl4j.snn.datasets.transform.Slicer}s, which integrate events into frames {@code [T, C, H, W]};
 * {@link org.dl4j.snn.datasets.transform.FramePipeline} joins them per sample.
 *
 * <p>Public API, usually reached through {@code EventDatasetBuilder}.
 */
package org.dl4j.snn.datasets.transform;
