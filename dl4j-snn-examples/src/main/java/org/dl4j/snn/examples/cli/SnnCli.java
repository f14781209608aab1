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
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, PlotCommand.class,
                DatasetCommand.class, BenchCommand.class, UiCommand.class,
                org.dl4j.snn.examples.experiment.ExperimentCommand.class,
                org.dl4j.snn.examples.convert.ConvertCommand.class,
                CommandLine.HelpCommand.class})
public final class SnnCli implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        return new TrainCommand().call();
    }

    public static CommandLine commandLine() {
        return new CommandLine(new SnnCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(SnnCli::reportError);
    }

    /**
     * A user's mistake (bad option value, missing file, wrong data: IllegalArgumentException, IOException and
     * the like, whose messages name what is wrong) is reported as one line, {@code dl4j-snn <command>: error:
     * <message>}, exit code 1; anything else also gets its stack trace, as a bug.
     */
    private static int reportError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        boolean userError = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException;
        if (!userError) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().println(cmd.getColorScheme().errorText(cmd.getCommandSpec().qualifiedName() + ": error: "
                + e.getMessage()));
        cmd.getErr().flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
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
