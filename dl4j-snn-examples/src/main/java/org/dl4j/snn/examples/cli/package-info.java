/**
 * The {@code dl4j-snn} command line (picocli): {@link org.dl4j.snn.examples.cli.SnnCli} and every command
 * ({@code train}, {@code evaluate}, {@code predict}, {@code plot}, {@code dataset}, {@code bench}, {@code ui},
 * {@code experiment}) with the option mixins they share ({@code SavedRunOptions}, {@code UiOptions},
 * {@code UiAddress}, {@code DataCheckOptions}). Each command parses and checks its options and calls the packages that do the work
 * ({@code train}, {@code plot}, {@code bench}, ...). Errors are reported by {@code SnnCli} as {@code error:} lines
 * without stack traces ({@code --debug} for them).
 *
 * <p>Application code, not a library API: the contract is the commands, their flags and outputs. The only package
 * of this module that uses picocli.
 */
package org.dl4j.snn.examples.cli;
