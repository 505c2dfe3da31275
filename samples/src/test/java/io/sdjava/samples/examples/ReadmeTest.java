package io.sdjava.samples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.samples.cli.SdCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Keeps the README honest: its Java quick start is the compiled example, its CLI reference lists every option. */
class ReadmeTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @Test
    void quickStartIsTheCompiledExample() throws IOException {
        String source = Files.readString(Path.of("src/main/java/io/sdjava/samples/examples/QuickStartExample.java"));
        String fromImports = source.substring(source.indexOf("import "));
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(readme());
        while (m.find()) {
            if (m.group(1).contains("class QuickStartExample")) {
                blocks.add(m.group(1));
            }
        }
        assertEquals(List.of(fromImports), blocks, "README's QuickStartExample block differs from the source");
    }

    @Test
    void cliReferenceNamesEverySubcommandAndOption() throws IOException {
        String readme = readme();
        String cli = readme.substring(readme.indexOf("## The `sd` command-line tool"),
                readme.indexOf("\n## ", readme.indexOf("## The `sd` command-line tool") + 1));
        List<String> missing = new ArrayList<>();
        for (CommandLine sub : SdCommand.commandLine().getSubcommands().values()) {
            String name = sub.getCommandName();
            if (name.equals("help")) {
                continue;
            }
            if (!cli.contains("`sd " + name)) {
                missing.add("sd " + name);
            }
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp()) {
                    continue;
                }
                String longest = List.of(option.names()).stream().max(Comparator.comparingInt(String::length))
                        .orElseThrow();
                // The whole name, not a prefix of a longer one (--hires vs --hires-scale).
                if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(longest) + "(?![\\w-])").matcher(cli).find()) {
                    missing.add("sd " + name + " " + longest);
                }
            }
        }
        assertTrue(missing.isEmpty(), "not in the README's CLI reference: " + missing);
    }

    private static String readme() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "no README.md above " + Path.of("").toAbsolutePath());
        return Files.readString(dir.resolve("README.md"));
    }
}
