package io.sdjava.samples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code sd} command-line tool. Subcommands: {@code conformance} (run the golden fixture
 * cases of every implemented area), {@code inspect} (show what a weights file holds) and
 * {@code compare-samplers} (sampler error vs NFE on a closed-form problem).
 */
@Command(
        name = "sd",
        mixinStandardHelpOptions = true,
        version = "sd-java 0.1.0-SNAPSHOT",
        description = "sd-java command-line tool (Stable Diffusion in Java, A1111 semantics).",
        subcommands = {ConformanceCommand.class, InspectCommand.class, CompareSamplersCommand.class,
            io.sdjava.samples.textures.TexturesCommand.class,
            CommandLine.HelpCommand.class})
public final class SdCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand, prints the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Builds the command line with one-line error reporting: an unexpected exception in a subcommand prints
     * {@code sd: error: <message>} on stderr and exits with status 1, never a stack trace.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SdCommand());
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            err.println("sd: error: " + OneLine.describe(ex));
            err.flush();
            return 1;
        });
        return cl;
    }

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
