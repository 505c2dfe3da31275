package io.sdjava.djl;

import ai.djl.ndarray.NDManager;
import io.sdjava.Emphasis;
import io.sdjava.GenerationRequest;
import io.sdjava.djl.conditioning.Conditioning;
import io.sdjava.djl.network.NetworkActivation;
import io.sdjava.djl.prompt.ExtraNetworkTag;
import io.sdjava.djl.prompt.ExtraNetworks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A1111's {@code cached_c}/{@code cached_uc}: the last conditionings a pipeline computed, reused while nothing that
 * affects them changes. The {@link Key} holds everything that does: both prompts, the prompt-editing step counts,
 * CLIP skip, emphasis mode, comma backtrack and the text-encoder multipliers of the prompt's LoRAs (the pipeline's
 * model, tokenizer and embeddings are fixed, so they need no key). Entries live on the cache's own manager, each on a
 * sub-manager; an evicted entry is closed when the last generation using it releases its {@link Lease}. Holds at most
 * {@code capacity} entries (0 turns caching off: every lease then owns a fresh conditioning). Thread-safe.
 */
final class ConditioningCache implements AutoCloseable {
    private final NDManager manager;
    private final int capacity;
    private final Map<Key, Entry> entries = new LinkedHashMap<>(8, 0.75f, true); // access order: eldest = LRU
    private boolean closed;

    /**
     * @param manager the owner of cached arrays (closed with the cache)
     * @param capacity how many conditionings are kept, 0 or more
     */
    ConditioningCache(NDManager manager, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity + " < 0");
        }
        this.manager = Objects.requireNonNull(manager, "manager");
        this.capacity = capacity;
    }

    /**
     * What a conditioning depends on besides the pipeline.
     *
     * @param pass {@code "first"} or {@code "hires"}
     * @param prompt the positive prompt as encoded (without its extra-network tags)
     * @param negativePrompt the negative prompt as encoded
     * @param firstPassSteps the first pass's denoiser calls (hires prompt editing counts from them), else 0
     * @param steps the denoiser calls prompt editing counts over
     * @param clipSkip CLIP skip
     * @param emphasis the emphasis mode
     * @param commaBacktrack the comma padding backtrack
     * @param textEncoderNetworks the LoRAs applied to the text encoder, as {@code name:te:dynDim}, in order
     */
    record Key(String pass, String prompt, String negativePrompt, int firstPassSteps, int steps, int clipSkip,
            Emphasis emphasis, int commaBacktrack, List<String> textEncoderNetworks) {
        /**
         * @param request the request whose prompts are encoded (for the hires pass: with the hires prompts)
         * @param networksFrom the request whose {@code <lora:...>} tags are applied (the first pass's)
         * @param pass {@code "first"} or {@code "hires"}
         * @param firstPassSteps see {@link #firstPassSteps()}
         * @param steps see {@link #steps()}
         * @return the key
         */
        static Key of(GenerationRequest request, GenerationRequest networksFrom, String pass, int firstPassSteps,
                int steps) {
            return new Key(pass, ExtraNetworks.parse(request.prompt()).cleanedPrompt(), request.negativePrompt(),
                    firstPassSteps, steps,
                    request.clipSkip(), request.emphasis(), request.commaPaddingBacktrack(),
                    textEncoderNetworks(networksFrom.prompt()));
        }

        /** Only the text-encoder side of a LoRA changes the conditioning: a changed UNet multiplier keeps it. */
        private static List<String> textEncoderNetworks(String prompt) {
            List<String> out = new ArrayList<>();
            for (ExtraNetworkTag tag : ExtraNetworks.parse(prompt).networks()) {
                if (tag.name().equals("lora")) {
                    NetworkActivation a = NetworkActivation.parse(tag.items());
                    out.add(a.name() + ":" + a.te() + ":" + a.dynDim());
                }
            }
            return List.copyOf(out);
        }
    }

    /**
     * Returns the cached conditioning of {@code key}, or computes and caches it. Computing runs outside the cache's
     * lock, so different keys encode in parallel; if two threads compute the same key, one result is kept.
     *
     * @param key what the conditioning depends on
     * @param compute encodes the prompts onto the given manager
     * @return a lease to close when the generation no longer needs the arrays
     */
    Lease get(Key key, Function<NDManager, Conditioning> compute) {
        synchronized (this) {
            checkOpen();
            Entry hit = entries.get(key);
            if (hit != null) {
                hit.users++;
                return new Lease(this, hit);
            }
        }
        NDManager scope = manager.newSubManager();
        scope.setName("conditioning-cache");
        Entry fresh;
        try {
            fresh = new Entry(scope, compute.apply(scope));
        } catch (RuntimeException | Error e) {
            scope.close();
            throw e;
        }
        synchronized (this) {
            fresh.users = 1;
            if (closed || capacity == 0) {
                fresh.evicted = true;
                return new Lease(this, fresh);
            }
            Entry raced = entries.get(key);
            if (raced != null) {
                scope.close();
                raced.users++;
                return new Lease(this, raced);
            }
            entries.put(key, fresh);
            evictOverCapacity();
            return new Lease(this, fresh);
        }
    }

    private void evictOverCapacity() {
        Iterator<Entry> eldest = entries.values().iterator();
        while (entries.size() > capacity && eldest.hasNext()) {
            Entry e = eldest.next();
            eldest.remove();
            evict(e);
        }
    }

    private static void evict(Entry e) {
        e.evicted = true;
        if (e.users == 0) {
            e.scope.close();
        }
    }

    private synchronized void release(Entry e) {
        e.users--;
        if (e.users == 0 && e.evicted) {
            e.scope.close();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("conditioning cache is closed");
        }
    }

    /** Drops every entry (entries in use are closed when released). */
    synchronized void clear() {
        entries.values().forEach(ConditioningCache::evict);
        entries.clear();
    }

    /** @return how many conditionings are cached */
    synchronized int size() {
        return entries.size();
    }

    /** @return the arrays the cache's manager holds (for leak tests) */
    int arrayCount() {
        return manager.getManagedArrays().size();
    }

    /** Drops every entry and closes the manager (arrays still leased are closed with it). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            clear();
            manager.close();
        }
    }

    private static final class Entry {
        final NDManager scope;
        final Conditioning conditioning;
        int users;
        boolean evicted;

        Entry(NDManager scope, Conditioning conditioning) {
            this.scope = scope;
            this.conditioning = conditioning;
        }
    }

    /** One generation's use of a cached conditioning; closing it lets the cache free an evicted entry. */
    static final class Lease implements AutoCloseable {
        private final ConditioningCache cache;
        private final Entry entry;
        private boolean released;

        private Lease(ConditioningCache cache, Entry entry) {
            this.cache = cache;
            this.entry = entry;
        }

        /** @return the conditioning, valid until this lease is closed */
        Conditioning conditioning() {
            return entry.conditioning;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                cache.release(entry);
            }
        }
    }
}
