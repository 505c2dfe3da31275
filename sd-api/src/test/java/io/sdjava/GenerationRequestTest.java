package io.sdjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GenerationRequestTest {
    private static InvalidRequestException rejects(Consumer<GenerationRequest.Builder> change, String... expected) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> {
            GenerationRequest.Builder builder = GenerationRequest.builder();
            change.accept(builder);
            builder.build();
        });
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
        }
        return e;
    }

    @Test
    void defaultsAreA1111s() {
        GenerationRequest r = GenerationRequest.builder().build();
        assertEquals("", r.prompt());
        assertEquals("", r.negativePrompt());
        assertEquals(512, r.width());
        assertEquals(512, r.height());
        assertEquals(20, r.steps());
        assertEquals(7.0, r.cfgScale());
        assertEquals("DPM++ 2M", r.sampler());
        assertEquals("Automatic", r.scheduler());
        assertEquals(-1, r.seed());
        assertEquals(-1, r.subseed());
        assertEquals(0.0, r.subseedStrength());
        assertEquals(0, r.seedResizeFromW());
        assertEquals(0, r.seedResizeFromH());
        assertEquals(1, r.batchSize());
        assertEquals(1, r.batchCount());
        assertEquals(1, r.clipSkip());
        assertFalse(r.tiling());
        assertSame(HiresFix.disabled(), r.hires());
        assertNull(r.initImage());
        assertFalse(r.isImageToImage());
        assertEquals(0.75, r.denoisingStrength());
        assertEquals(RngSource.CPU, r.rngSource());
        assertTrue(Double.isNaN(r.eta()));
        assertEquals(0, r.ensd());
        assertSame(ProgressListener.NONE, r.listener());
        assertSame(CancellationToken.never(), r.cancellation());
        assertEquals(r, GenerationRequest.builder().build());
    }

    @Test
    void toBuilderRoundTripsEveryField() {
        SdImage init = SdImage.fromRgb(2, 1, new byte[] {1, 2, 3, 4, 5, 6});
        ProgressListener listener = new ProgressListener() {};
        GenerationRequest r = GenerationRequest.builder()
                .prompt("a cat").negativePrompt("blurry").size(640, 448).steps(33).cfgScale(4.5)
                .sampler("Euler a").scheduler("Karras").seed(1234).subseed(99).subseedStrength(0.3)
                .seedResizeFromW(512).seedResizeFromH(512).batchSize(2).batchCount(3).clipSkip(2).tiling(true)
                .initImage(init).denoisingStrength(0.4).rngSource(RngSource.NV).eta(0.5).ensd(31337)
                .listener(listener).cancellation(CancellationToken.create()).build();
        GenerationRequest copy = r.toBuilder().build();
        assertEquals(r, copy);
        assertEquals(r.hashCode(), copy.hashCode());
        GenerationRequest changed = r.toBuilder().steps(34).build();
        assertNotEquals(r, changed);
        assertEquals(34, changed.steps());
        assertEquals("a cat", changed.prompt());
        assertSame(listener, changed.listener());
        assertEquals(init, changed.initImage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 56, 63, 65, 513, 8200, -512})
    void rejectsBadSizes(int size) {
        rejects(b -> b.width(size), "width " + size, "multiple of 8", "64..8192");
        rejects(b -> b.height(size), "height " + size, "multiple of 8", "64..8192");
    }

    @Test
    void acceptsSizeBounds() {
        assertEquals(64, GenerationRequest.builder().width(64).build().width());
        assertEquals(8192, GenerationRequest.builder().height(8192).build().height());
    }

    @Test
    void rejectsOutOfRangeNumbers() {
        rejects(b -> b.steps(0), "steps 0", "1..1000");
        rejects(b -> b.steps(1001), "steps 1001", "1..1000");
        rejects(b -> b.cfgScale(-1), "cfgScale -1.0", "0.0..100.0");
        rejects(b -> b.cfgScale(Double.NaN), "cfgScale NaN");
        rejects(b -> b.denoisingStrength(1.5), "denoisingStrength 1.5", "0.0..1.0");
        rejects(b -> b.subseedStrength(-0.1), "subseedStrength -0.1", "0.0..1.0");
        rejects(b -> b.batchSize(0), "batchSize 0", "1..64");
        rejects(b -> b.batchCount(0), "batchCount 0", "1..1000");
        rejects(b -> b.clipSkip(0), "clipSkip 0", "1..12");
        rejects(b -> b.clipSkip(13), "clipSkip 13", "1..12");
        rejects(b -> b.eta(2), "eta 2.0", "0.0..1.0");
        rejects(b -> b.ensd(-1), "ensd -1");
        rejects(b -> b.seedResizeFromW(32), "seedResizeFromW 32", "0 (off)");
    }

    @Test
    void rejectsNullsAndBlanks() {
        rejects(b -> b.prompt(null), "prompt must not be null");
        rejects(b -> b.sampler(" "), "sampler must not be blank");
        rejects(b -> b.scheduler(null), "scheduler must not be null");
        rejects(b -> b.hires(null), "hires");
        rejects(b -> b.listener(null), "listener");
        rejects(b -> b.cancellation(null), "cancellation");
        rejects(b -> b.rngSource(null), "rngSource");
    }

    @Test
    void emphasisDefaultsToOriginalAndAcceptsA1111Names() {
        assertEquals(Emphasis.ORIGINAL, GenerationRequest.builder().build().emphasis());
        assertEquals(Emphasis.NO_NORM, GenerationRequest.builder().emphasis("No norm").build().emphasis());
        assertEquals(Emphasis.NONE, GenerationRequest.builder().emphasis(" none ").build().emphasis());
        assertEquals(Emphasis.IGNORE, GenerationRequest.builder().emphasis(Emphasis.IGNORE).build().toBuilder()
                .build().emphasis());
        assertEquals("No norm", Emphasis.NO_NORM.displayName());
    }

    @Test
    void unknownEmphasisIsRejectedAtBuildListingTheAllowedNames() {
        GenerationRequest.Builder b = GenerationRequest.builder().emphasis("Strong");
        rejects(x -> x.emphasis("Strong"), "emphasis", "'Strong'", "Original, No norm, Ignore, None");
        assertThrows(InvalidRequestException.class, b::build);
        assertEquals(Emphasis.NONE, b.emphasis(Emphasis.NONE).build().emphasis(), "a typed mode replaces the name");
        rejects(x -> x.emphasis((Emphasis) null), "emphasis must not be null");
        rejects(x -> x.emphasis(" "), "emphasis must not be blank");
    }

    @Test
    void commaPaddingBacktrackIsChecked() {
        assertEquals(20, GenerationRequest.builder().build().commaPaddingBacktrack());
        assertEquals(0, GenerationRequest.builder().commaPaddingBacktrack(0).build().commaPaddingBacktrack());
        assertEquals(74, GenerationRequest.builder().commaPaddingBacktrack(74).build().commaPaddingBacktrack());
        rejects(b -> b.commaPaddingBacktrack(75), "commaPaddingBacktrack 75", "0 (off)..74");
        rejects(b -> b.commaPaddingBacktrack(-1), "commaPaddingBacktrack -1", "0 (off)..74");
    }

    @Test
    void recordConstructorValidatesToo() {
        GenerationRequest ok = GenerationRequest.builder().build();
        assertThrows(InvalidRequestException.class, () -> new GenerationRequest(ok.prompt(), ok.negativePrompt(),
                100, ok.height(), ok.steps(), ok.cfgScale(), ok.sampler(), ok.scheduler(), ok.seed(), ok.subseed(),
                ok.subseedStrength(), 0, 0, 1, 1, 1, Emphasis.ORIGINAL, 20, false, ok.hires(), null, 0.75,
                RngSource.CPU, Double.NaN, 0,
                ProgressListener.NONE, CancellationToken.never()));
        assertThrows(InvalidRequestException.class, () -> new GenerationRequest(ok.prompt(), ok.negativePrompt(),
                ok.width(), ok.height(), ok.steps(), ok.cfgScale(), ok.sampler(), ok.scheduler(), ok.seed(),
                ok.subseed(), ok.subseedStrength(), 0, 0, 1, 1, 1, Emphasis.ORIGINAL, 75, false, ok.hires(), null, 0.75,
                RngSource.CPU, Double.NaN, 0, ProgressListener.NONE, CancellationToken.never()));
    }

    @Test
    void seedResizeNeedsBothSides() {
        rejects(b -> b.seedResizeFromW(512), "seedResizeFromW 512", "seedResizeFromH 0", "both");
        assertEquals(768, GenerationRequest.builder().seedResizeFromW(768).seedResizeFromH(512).build()
                .seedResizeFromW());
    }

    @Test
    void hiresIsTextToImageOnlyAndBounded() {
        SdImage init = SdImage.fromRgb(1, 1, new byte[3]);
        rejects(b -> b.initImage(init).hires(HiresFix.builder().build()), "hires", "initImage");
        rejects(b -> b.size(4096, 1024).hires(HiresFix.builder().scale(4).build()), "16384x4096", "64..8192");
        GenerationRequest r = GenerationRequest.builder().hires(HiresFix.builder().scale(2).build()).build();
        assertTrue(r.hires().enabled());
        // a disabled hires fix never conflicts
        GenerationRequest.builder().initImage(init).hires(HiresFix.disabled()).build();
    }

    @Test
    void unknownSamplerNamesTheValidOnes() {
        rejects(b -> b.sampler("Euler b"), "unknown sampler 'Euler b'", "DPM++ 2M", "Euler a");
        rejects(b -> b.scheduler("Cosine"), "unknown scheduler 'Cosine'", "Automatic", "Karras", "Normal");
        rejects(b -> b.hires(HiresFix.builder().sampler("nope").build()), "unknown sampler 'nope'");
        rejects(b -> b.hires(HiresFix.builder().scheduler("nope").build()), "unknown scheduler 'nope'");
    }

    @Test
    void knownSamplerNamesResolve() {
        GenerationRequest.builder().sampler("euler_a").build();
        GenerationRequest.builder().sampler("k_dpmpp_2m").scheduler("karras").build();
        GenerationRequest.builder().sampler("DPM++ 2M Karras").build();
        GenerationRequest.builder().hires(HiresFix.builder().sampler("Euler a").scheduler("Normal").build()).build();
        // a disabled hires fix's names are not checked
        GenerationRequest.builder().hires(HiresFix.builder().enabled(false).sampler("nope").build()).build();
    }

    @Test
    void nameCheckIsSkippedWithoutSamplerProviders() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            thread.setContextClassLoader(empty);
            assertEquals("Euler b", GenerationRequest.builder().sampler("Euler b").build().sampler());
        } finally {
            thread.setContextClassLoader(saved);
        }
    }
}
