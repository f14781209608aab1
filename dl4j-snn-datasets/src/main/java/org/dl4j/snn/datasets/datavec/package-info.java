/**
 * The DataVec side: {@link org.dl4j.snn.datasets.datavec.SampleSource} (indexed, labelled samples decoded on
 * demand) and its implementations, {@link org.dl4j.snn.datasets.datavec.FrameDataset} (a source joined with its frame
 * pipeline, cache and bad-sample policy), the sequence record readers, splits and hold-outs, and
 * {@link org.dl4j.snn.datasets.datavec.DatasetFolders}, the checked file and class-folder discovery of the facades.
 *
 * <p>Public API for plugging event data into DataVec and for writing a new dataset facade.
 */
package org.dl4j.snn.datasets.datavec;
