package io.sdjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.io.SafetensorsReader;
import io.sdjava.io.SafetensorsWriter;
import io.sdjava.io.StateDict;
import io.sdjava.io.TensorDType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import io.sdjava.spi.conformance.Fixtures;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SdCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private Path writeModel() {
        Path file = dir.resolve("model.safetensors");
        new SafetensorsWriter()
                .metadata("format", "pt")
                .metadata("evil", "line1\nline2\u001b[31m")
                .tensor("model.w", TensorDType.F16, new long[] {4, 3}, new float[12])
                .tensor("model.b", TensorDType.F32, new long[] {4}, new float[4])
                .tensor("model.ids", TensorDType.I64, new long[] {1, 77}, new byte[77 * 8])
                .write(file);
        return file;
    }

    @Test
    void printsSummaryOfASafetensorsFile() {
        Path file = writeModel();
        assertEquals(0, run("inspect", file.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("format      safetensors"), text);
        assertTrue(text.contains("tensors     3"), text);
        assertTrue(text.contains("parameters  93 (93)"), text);
        assertTrue(text.contains("F16 1 tensors / 12 params"), text);
        assertTrue(text.contains("I64 1 tensors / 77 params"), text);
        assertTrue(text.contains("model.ids") && text.contains("[1, 77]"), text);
        assertTrue(text.contains("format = pt"), text);
        assertTrue(text.contains("evil = line1?line2?[31m"), text);
        assertFalse(text.contains("\u001b"), text);
        assertEquals("", err.toString());
    }

    /** Real-ESRGAN style {@code .pth} fixtures ({@code {'params_ema': state_dict}}) with a safetensors twin. */
    static Stream<Path> wrappedUpscalerPickles() throws IOException {
        Path area = Fixtures.area("upscale");
        List<Path> files;
        try (Stream<Path> list = Files.list(area)) {
            files = list.filter(p -> p.toString().endsWith(".pth")).filter(p -> Files.exists(twin(p))).sorted()
                    .toList();
        }
        assertFalse(files.isEmpty(), "no .pth with a .safetensors twin in " + area);
        return files.stream();
    }

    private static Path twin(Path pth) {
        String name = pth.getFileName().toString();
        return pth.resolveSibling(name.substring(0, name.length() - ".pth".length()) + ".safetensors");
    }

    @ParameterizedTest
    @MethodSource("wrappedUpscalerPickles")
    void listsTheTensorsUnderAParamsEmaWrapper(Path pth) {
        assertEquals(0, run("inspect", "--limit", "1000", pth.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("wrapper     params_ema"), text);
        try (StateDict expected = SafetensorsReader.open(twin(pth))) {
            assertTrue(text.contains(String.format(Locale.ROOT, "tensors     %,d%n", expected.keys().size())), text);
            for (String key : expected.keys()) {
                assertTrue(text.contains("  " + key + " ") && text.contains(Arrays.toString(expected.info(key).shape())),
                        key + " missing in\n" + text);
            }
        }
    }

    @Test
    void limitsTheTensorList() {
        Path file = writeModel();
        assertEquals(0, run("inspect", "--limit", "1", file.toString()));
        assertTrue(out.toString().contains("first 1 of 3 tensors:"), out.toString());
    }

    @Test
    void corruptFilePrintsOneErrorLineAndExitsNonZero() throws IOException {
        Path file = writeModel();
        byte[] bytes = Files.readAllBytes(file);
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, Arrays.copyOf(bytes, bytes.length - 10));
        assertOneErrorLine(run("inspect", bad.toString()), "invalid safetensors file " + bad);

        bytes[8] = '[';
        Files.write(bad, bytes);
        assertOneErrorLine(run("inspect", bad.toString()), "header");

        Files.writeString(bad, "definitely not a model");
        assertOneErrorLine(run("inspect", bad.toString()), "header length");

        assertOneErrorLine(run("inspect", dir.resolve("missing.safetensors").toString()), "not found");
    }

    private void assertOneErrorLine(int code, String expected) {
        assertNotEquals(0, code);
        String text = err.toString();
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("sd inspect: ") && text.contains(expected), text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
        assertEquals("", out.toString());
        err.getBuffer().setLength(0);
    }
}
