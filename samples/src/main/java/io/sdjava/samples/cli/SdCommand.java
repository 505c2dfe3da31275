package io.sdjava.samples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code sd} command-line tool. Subcommands: {@code generate} (images through
 * {@link io.sdjava.Pipeline}), {@code upscale} (WebUI upscalers), {@code inspect} (what a weights file holds),
 * {@code compare-samplers} (sampler error vs NFE on a closed-form problem) and {@code conformance} (the golden
 * fixture cases of every implemented area).
 */
@Command(
        name = "sd",
        mixinStandardHelpOptions = true,
        version = "sd-java 0.1.0-SNAPSHOT",
        description = "sd-java command-line tool (Stable Diffusion in Java, A1111 semantics).",
        subcommands = {ConformanceCommand.class, InspectCommand.class, CompareSamplersCommand.class,
            GenerateCommand.class, UpscaleCommand.class, TagCommand.class,
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
            err.println(prefix(line) + OneLine.describe(ex));
            err.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine line = ex.getCommandLine();
            PrintWriter err = line.getErr();
            err.println(prefix(line) + OneLine.sanitize(ex.getMessage(), 2000) + " (see '"
                    + line.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return 2;
        });
        return cl;
    }

    /** @return {@code "sd: error: "} for the tool itself, {@code "sd NAME: "} for a subcommand */
    private static String prefix(CommandLine line) {
        return line.getParent() == null ? "sd: error: " : line.getCommandSpec().qualifiedName() + ": ";
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
