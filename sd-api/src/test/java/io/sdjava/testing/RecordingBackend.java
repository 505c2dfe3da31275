package io.sdjava.testing;

import io.sdjava.GenerationRequest;
import io.sdjava.GenerationResult;
import io.sdjava.Pipeline;
import io.sdjava.spi.BackendProvider;
import io.sdjava.spi.PipelineConfig;
import java.util.List;

/** A fake backend whose pipelines remember which provider made them and with which config. */
public abstract class RecordingBackend implements BackendProvider {
    /**
     * A pipeline that generates nothing.
     *
     * @param backend the provider's name
     * @param config the config it was created with
     */
    public record FakePipeline(String backend, PipelineConfig config) implements Pipeline {
        @Override
        public GenerationResult generate(GenerationRequest request) {
            return new GenerationResult(List.of());
        }

        @Override
        public void close() {}
    }

    @Override
    public Pipeline create(PipelineConfig config) {
        return new FakePipeline(name(), config);
    }

    /** Rank 10. */
    public static final class Low extends RecordingBackend {
        @Override
        public String name() {
            return "test-low";
        }

        @Override
        public int rank() {
            return 10;
        }
    }

    /** Rank 20. */
    public static final class High extends RecordingBackend {
        @Override
        public String name() {
            return "test-high";
        }

        @Override
        public int rank() {
            return 20;
        }
    }
}
