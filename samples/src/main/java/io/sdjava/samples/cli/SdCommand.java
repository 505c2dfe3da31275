package io.sdjava.samples.cli;

/** Entry point of the {@code sd} command-line tool (placeholder until the CLI lands). */
public final class SdCommand {
    private SdCommand() {}

    public static void main(String[] args) {
        System.out.println("sd: no commands yet");
    }
}
