package io.sdjava.samples.cli;

import io.sdjava.io.StateDict;
import io.sdjava.io.TensorDType;
import io.sdjava.io.TensorInfo;
import io.sdjava.io.UnwrappedPickle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sd inspect FILE}: prints what a weights file holds, or one error line for a bad file. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Shows the format, tensor count, parameters, dtypes, first tensors and metadata of a weights "
                + "file (.safetensors, or a .ckpt/.pt/.pth pickle read through the allow-list). A bad or hostile file "
                + "prints one error line and exits with status 1.")
final class InspectCommand implements Callable<Integer> {
    private static final int MAX_METADATA_CHARS = 160;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the weights file")
    Path file;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "how many tensors to list (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String report;
        try (StateDict sd = WeightsFiles.open(file)) {
            report = describe(sd);
        } catch (RuntimeException e) {
            err.println("sd inspect: " + OneLine.describe(e));
            err.flush();
            return 1;
        }
        out.print(report);
        out.flush();
        return 0;
    }

    private String describe(StateDict sd) {
        List<String> keys = sd.keys();
        Map<TensorDType, long[]> byDtype = new EnumMap<>(TensorDType.class); // {tensors, parameters}
        long parameters = 0;
        for (String key : keys) {
            TensorInfo info = sd.info(key);
            long[] counts = byDtype.computeIfAbsent(info.dtype(), d -> new long[2]);
            counts[0]++;
            counts[1] += info.numel();
            parameters += info.numel();
        }
        StringBuilder sb = new StringBuilder();
        line(sb, "file", OneLine.sanitize(sd.source().toString(), 500));
        line(sb, "format", sd.format());
        if (sd instanceof UnwrappedPickle wrapped) {
            line(sb, "wrapper", wrapped.wrapper());
        }
        line(sb, "tensors", String.format(Locale.ROOT, "%,d", keys.size()));
        line(sb, "parameters", String.format(Locale.ROOT, "%,d (%s)", parameters, humanCount(parameters)));
        StringBuilder dtypes = new StringBuilder();
        byDtype.forEach((dtype, c) -> dtypes.append(dtypes.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %,d tensors / %,d params", dtype, c[0], c[1])));
        line(sb, "dtypes", dtypes.length() == 0 ? "-" : dtypes.toString());
        int shown = Math.min(Math.max(limit, 0), keys.size());
        sb.append(String.format(Locale.ROOT, "first %d of %,d tensors:%n", shown, keys.size()));
        for (String key : keys.subList(0, shown)) {
            TensorInfo info = sd.info(key);
            sb.append(String.format(Locale.ROOT, "  %-60s %-4s %s%n", OneLine.sanitize(key, 200), info.dtype(),
                    Arrays.toString(info.shape())));
        }
        Map<String, String> metadata = sd.metadata();
        sb.append(String.format(Locale.ROOT, "metadata (%d entries)%s%n", metadata.size(), metadata.isEmpty() ? "" : ":"));
        metadata.forEach((k, v) -> sb.append("  ").append(OneLine.sanitize(k, 200)).append(" = ")
                .append(OneLine.sanitize(v, MAX_METADATA_CHARS)).append(System.lineSeparator()));
        return sb.toString();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "%-11s %s%n", label, value));
    }

    private static String humanCount(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f B", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.2f K", n / 1e3);
        }
        return Long.toString(n);
    }
}
