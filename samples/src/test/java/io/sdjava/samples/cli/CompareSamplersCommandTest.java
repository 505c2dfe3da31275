package io.sdjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareSamplersCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheTableAndWritesThePlot() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cl = SdCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        Path png = dir.resolve("plot.png");
        int status = cl.execute("compare-samplers", "--size", "8", "--nfe", "6,12", "--plot", png.toString());
        assertEquals(0, status, out.toString());
        String text = out.toString();
        assertTrue(text.contains("NFE budget 6") && text.contains("NFE budget 12"), text);
        assertTrue(text.contains("DPM++ 2M") && text.contains("UniPC") && text.contains("Karras"), text);
        assertTrue(Files.size(png) > 1000);
    }
}
