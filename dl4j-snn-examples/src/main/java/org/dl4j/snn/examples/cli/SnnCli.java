package org.dl4j.snn.examples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dl4j.snn.datasets.format.IoErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
                DatasetCommand.class, BenchCommand.class, UiCommand.class, ExperimentCommand.class,
                NirCommand.class, EnergyCommand.class, ConvertCommand.class, MemoryCommand.class,
                CommandLine.HelpCommand.class})
public final class SnnCli implements Callable<Integer> {
    /** The environment variable that, set to 1 / true / yes, prints stack traces as {@code --debug} does. */
    public static final String DEBUG_ENV = "DL4J_SNN_DEBUG";

    private boolean debug;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of an error (also: environment variable " + DEBUG_ENV + "=1).")
    void setDebug(boolean debug) {
        this.debug = debug;
    }

    @Override
    public Integer call() throws Exception {
        return new TrainCommand().call();
    }

    public static CommandLine commandLine() {
        SnnCli cli = new SnnCli();
        return new CommandLine(cli).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> cli.reportError(e, cmd));
    }

    /** Whether stack traces are printed: {@code --debug} or {@code DL4J_SNN_DEBUG=1}. */
    boolean debug() {
        if (debug) {
            return true;
        }
        String env = System.getenv(DEBUG_ENV);
        return env != null && List.of("1", "true", "yes", "on").contains(env.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * Reports an error as {@code dl4j-snn <command>: error: <message>} lines, exit code 1: the message of the
     * exception and, on the lines after, of each cause that adds something (a wrapper's context first, the
     * reader's file, offset and reason last). No stack trace unless {@code --debug}; an exception that is not a
     * user's mistake (a bug) says so and asks for {@code --debug}.
     */
    private int reportError(Exception e, CommandLine cmd) {
        report(e, cmd.getErr(), cmd.getCommandSpec().qualifiedName(), debug(), cmd.getColorScheme());
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    static void report(Throwable e, PrintWriter err, String command, boolean debug,
                       CommandLine.Help.ColorScheme colors) {
        if (debug) {
            e.printStackTrace(err);
        }
        List<String> lines = chain(e);
        for (int i = 0; i < lines.size(); i++) {
            String line = command + ": error: " + (i == 0 ? "" : "  because: ") + lines.get(i);
            err.println(colors == null ? line : colors.errorText(line).toString());
        }
        if (!isUserError(e)) {
            err.println(command + ": error: this looks like a bug in dl4j-snn (" + e.getClass().getName() + ")"
                    + (debug ? "" : "; run again with --debug (or " + DEBUG_ENV + "=1) for the stack trace")
                    + " and report it");
        }
        err.flush();
    }

    /**
     * The messages of {@code e} and its causes, each once: a cause whose text the lines so far already contain is
     * left out, as is a wrapper that only repeats its cause ({@code new RuntimeException(cause)}).
     */
    static List<String> chain(Throwable e) {
        List<String> lines = new ArrayList<>();
        StringBuilder said = new StringBuilder();
        for (Throwable t = e; t != null && lines.size() < 12; t = t.getCause() == t ? null : t.getCause()) {
            String m = t instanceof OutOfMemoryError ? "out of memory (" + t.getMessage() + "): raise the JVM's "
                    + "maximum heap (java -Xmx...) or lower T, the batch size or the width"
                    : IoErrors.describe(t);
            boolean repeatsCause = t.getCause() != null && t.getMessage() != null
                    && t.getMessage().equals(t.getCause().toString());
            if (repeatsCause || said.indexOf(m) >= 0) {
                continue;
            }
            lines.add(m);
            said.append(m).append('\n');
        }
        if (lines.isEmpty()) {
            lines.add(e.getClass().getName());
        }
        return lines;
    }

    /**
     * Errors whose message is meant for the user (bad value, missing or damaged file, wrong data), as opposed to
     * bugs (NullPointerException, ClassCastException, ...).
     */
    static boolean isUserError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                    || t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException
                    || t instanceof UnsupportedOperationException || t instanceof OutOfMemoryError
                    || t instanceof CommandLine.ParameterException
                    || t.getClass().getName().startsWith("org.dl4j.snn.datasets.")) {
                return true;
            }
        }
        return false;
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError | RuntimeException e) {
            // Errors picocli does not catch (out of memory) and anything thrown outside a command's call().
            SnnCli cli = cl.getCommand();
            report(e, new PrintWriter(System.err, true), "dl4j-snn", cli.debug(), null);
            code = 1;
        }
        System.exit(code);
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
