/**
 * Training-throughput benchmarks: the two benchmark networks (realistic and sparse firing regimes), epochs of
 * SpikingJelly's PLIF conv net on real N-MNIST ({@code nmnist-real}), timing of training steps and of the data
 * pipeline, the plain-PyTorch reference run as a child process, the ratios against the targets and the generated
 * block of {@code docs/performance.md}; {@link org.dl4j.snn.examples.bench.Machine} describes the machine for every
 * recorded result.
 *
 * <p>Internal to {@code bench} (and {@code experiment} for {@code Machine}); the numbers live in
 * {@code docs/performance.md}, not here.
 */
package org.dl4j.snn.examples.bench;
