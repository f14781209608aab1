package org.dl4j.snn.examples.cli;

import java.util.concurrent.Callable;
import org.dl4j.snn.examples.bench.BenchCommand;
import org.dl4j.snn.examples.ui.UiCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dl4j-snn} command line: trains, evaluates and benchmarks spiking networks.
 *
 * <p>Without a subcommand it runs {@code train} with its defaults: the default preset on the N-MNIST sample
 * bundled with the project, ending with the line {@code test accuracy: 0.NNNN}.
 */
@Command(name = "dl4j-snn", mixinStandardHelpOptions = true, versionProvider = SnnCli.Version.class,
        description = "Spiking neural networks on Deeplearning4j. Without a subcommand: train the default preset "
                + "on the bundled N-MNIST sample.",
        subcommands = {TrainCommand.class, DatasetCommand.class, BenchCommand.class, UiCommand.class,
                CommandLine.HelpCommand.class})
public final class SnnCli implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return new TrainCommand().call();
    }

    public static CommandLine commandLine() {
        return new CommandLine(new SnnCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Version from the jar manifest (falls back to "dev" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SnnCli.class.getPackage().getImplementationVersion();
            return new String[] {"dl4j-snn " + (v == null ? "dev" : v) + " (DL4J 1.0.0-M2.1, Java "
                    + System.getProperty("java.version") + ")"};
        }
    }
}
