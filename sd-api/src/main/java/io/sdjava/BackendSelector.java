package io.sdjava;

import io.sdjava.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks a {@link BackendProvider}: by explicit name, else by {@code -Dsd.backend}, else the lowest rank. */
final class BackendSelector {
    /** The system property naming the backend to use. */
    static final String PROPERTY = "sd.backend";

    private static final Logger LOG = LoggerFactory.getLogger(BackendSelector.class);

    private BackendSelector() {}

    /** @return the providers visible to the context class loader (else this class's loader) */
    static List<BackendProvider> discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = BackendSelector.class.getClassLoader();
        }
        List<BackendProvider> providers = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, loader).forEach(providers::add);
        return providers;
    }

    /**
     * @param providers the candidates
     * @param requested the name set on the builder, or null
     * @param property the value of {@code -Dsd.backend}, or null
     * @return the chosen provider
     */
    static BackendProvider select(List<BackendProvider> providers, String requested, String property) {
        if (providers.isEmpty()) {
            throw new BackendUnavailableException(
                    "no sd-java backend found on the class path; add the dependency io.sdjava:sd-djl");
        }
        String wanted = requested != null ? requested : blankToNull(property);
        if (wanted != null) {
            String source = requested != null ? "Pipeline.builder().backend(...)" : "-D" + PROPERTY;
            BackendProvider chosen = providers.stream()
                    .filter(p -> p.name().toLowerCase(Locale.ROOT).equals(wanted.trim().toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new BackendUnavailableException("backend '" + wanted + "' (from " + source
                            + ") not found; available: " + names(providers)));
            LOG.debug("using backend {} (from {})", chosen.name(), source);
            return chosen;
        }
        BackendProvider chosen = providers.stream()
                .min(Comparator.comparingInt(BackendProvider::rank).thenComparing(BackendProvider::name))
                .orElseThrow();
        LOG.debug("using backend {} (lowest rank of {})", chosen.name(), names(providers));
        return chosen;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String names(List<BackendProvider> providers) {
        return providers.stream()
                .sorted(Comparator.comparingInt(BackendProvider::rank).thenComparing(BackendProvider::name))
                .map(p -> p.name() + " (rank " + p.rank() + ")")
                .collect(Collectors.joining(", "));
    }
}
