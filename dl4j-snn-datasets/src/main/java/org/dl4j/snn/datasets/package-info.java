/**
 * Dataset entry points: one facade per dataset ({@link org.dl4j.snn.datasets.NMnist}, {@code DvsGesture},
 * {@code Cifar10Dvs}, {@code NCaltech101}, {@code Shd}, {@code Ssc}, {@code Mnist}, {@code FashionMnist},
 * {@code Cifar10}) that finds a split's files in the layout the dataset is published in and returns a fluent builder
 * ending in a DL4J iterator, e.g. {@code NMnist.train(root).frames(10).batch(16).iterator()}.
 *
 * <p>Public API: where a user starts; a missing or misplaced file is a {@code DatasetNotFoundException} that shows the
 * expected layout.
 */
package org.dl4j.snn.datasets;
