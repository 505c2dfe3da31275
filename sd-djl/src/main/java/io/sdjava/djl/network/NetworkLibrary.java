package io.sdjava.djl.network;

import io.sdjava.InvalidRequestException;
import io.sdjava.io.SafetensorsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The network files of an A1111 {@code models/Lora} folder, found recursively ({@code .safetensors}, {@code .pt},
 * {@code .ckpt}) in natural sort order and named by file stem. As in A1111, a later file with the same stem wins, and
 * a safetensors file's {@code ss_output_name} metadata is an alias unless it clashes with another entry, in which case
 * that alias only resolves to the file named so. Immutable once scanned; thread-safe.
 */
public final class NetworkLibrary {
    private static final Set<String> EXTENSIONS = Set.of(".safetensors", ".pt", ".ckpt");

    private final Path root;
    private final Map<String, Path> byName = new LinkedHashMap<>();
    private final Map<String, Path> byAlias = new LinkedHashMap<>();
    private final Set<String> forbiddenAliases = new HashSet<>();

    private NetworkLibrary(Path root) {
        this.root = root;
    }

    /**
     * Scans a folder.
     *
     * @param root the LoRA folder
     * @return the library
     * @throws InvalidRequestException if the folder does not exist
     */
    public static NetworkLibrary scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidRequestException("LoRA folder not found: " + root);
        }
        NetworkLibrary lib = new NetworkLibrary(root);
        for (Path file : listFiles(root)) {
            String name = stem(file);
            String alias = alias(file).orElse(name);
            lib.byName.put(name, file);
            if (lib.byAlias.containsKey(alias)) {
                lib.forbiddenAliases.add(alias.toLowerCase(Locale.ROOT));
            }
            lib.byAlias.put(name, file);
            lib.byAlias.put(alias, file);
        }
        return lib;
    }

    private static List<Path> listFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> EXTENSIONS.contains(extension(p)))
                    .sorted(Comparator.comparing((Path p) -> naturalKey(root.relativize(p.getParent() == null ? p : p.getParent()).toString()))
                            .thenComparing(p -> naturalKey(p.getFileName().toString())))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list LoRA folder " + root, e);
        }
    }

    private static Optional<String> alias(Path file) {
        if (!extension(file).equals(".safetensors")) {
            return Optional.empty();
        }
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            String alias = reader.metadata().get("ss_output_name");
            return alias == null || alias.isBlank() ? Optional.empty() : Optional.of(alias);
        } catch (RuntimeException e) {
            return Optional.empty(); // an unreadable file is reported when it is used
        }
    }

    /**
     * Finds a network by the name written in a {@code <lora:name:...>} tag.
     *
     * @param name the name as written
     * @return the file
     * @throws InvalidRequestException naming the closest available names if none matches
     */
    public Path find(String name) {
        Path p = forbiddenAliases.contains(name.toLowerCase(Locale.ROOT)) ? byName.get(name) : byAlias.get(name);
        if (p == null) {
            throw new InvalidRequestException("LoRA '" + name + "' not found in " + root + "; closest: "
                    + String.join(", ", closest(name, 5)));
        }
        return p;
    }

    /** @return every network name (file stems), in scan order */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    List<String> closest(String name, int n) {
        String target = name.toLowerCase(Locale.ROOT);
        List<String> all = new ArrayList<>(byAlias.keySet());
        all.sort(Comparator.comparingInt((String s) -> editDistance(target, s.toLowerCase(Locale.ROOT))).thenComparing(s -> s));
        return all.subList(0, Math.min(n, all.size()));
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    private static String extension(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot).toLowerCase(Locale.ROOT);
    }

    /** A natural sort key: digit runs compare by value. */
    static String naturalKey(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                int j = i;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
                String digits = s.substring(i, j).replaceFirst("^0+(?=.)", "");
                out.append((char) ('0' + Math.min(9, digits.length()))).append(String.format("%20s", digits));
                i = j;
            } else {
                out.append(Character.toLowerCase(c));
                i++;
            }
        }
        return out.toString();
    }
}
