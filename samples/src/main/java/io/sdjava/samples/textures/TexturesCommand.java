package io.sdjava.samples.textures;

import io.sdjava.Pipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sd textures --spec FILE --checkpoint MODEL --out DIR}: generates a Minecraft resource pack of seamless
 * textures from a spec file. The whole spec is checked first; every problem is printed on its own line and the
 * command exits with status 2 before anything is generated.
 */
@Command(
        name = "textures",
        mixinStandardHelpOptions = true,
        description = {"Generates a Minecraft resource pack (folder and .zip) of seamless pixel-art textures from "
                + "a YAML or JSON spec: each texture is generated with tiling, area-averaged down to the texture "
                + "size and optionally reduced to a palette. The same spec always gives the same bytes.",
            "Example: sd textures --spec samples/examples/example-pack.yaml --checkpoint model.safetensors --out out"})
public final class TexturesCommand implements Callable<Integer> {
    /** Exit status when the spec (or the options completing it) has problems. */
    static final int INVALID_SPEC = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--spec", required = true, paramLabel = "FILE",
            description = "the pack spec (.yaml/.yml or .json)")
    Path spec;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "the model checkpoint; replaces generation.checkpoint of the spec")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "where to write the pack folder DIR/<pack.name>/ and DIR/<pack.name>.zip")
    Path out;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "the CLIP tokenizer.json (default: the backend's)")
    Path tokenizer;

    @Option(names = "--vae", paramLabel = "FILE", description = "a separate VAE file")
    Path vae;

    @Option(names = "--lora-dir", paramLabel = "DIR", description = "folder of the LoRA files the spec names")
    Path loraDir;

    @Option(names = "--embeddings-dir", paramLabel = "DIR", description = "folder of the embeddings the spec names")
    Path embeddingsDir;

    @Option(names = "--steps", paramLabel = "N", description = "replaces generation.steps (e.g. for a quick trial)")
    Integer steps;

    @Option(names = "--generation-size", paramLabel = "PX", description = "replaces generation.size")
    Integer generationSize;

    @Option(names = "--backend", paramLabel = "NAME", description = "the backend to use (default: automatic)")
    String backend;

    /** Used by picocli. */
    public TexturesCommand() {}

    @Override
    public Integer call() {
        PrintWriter stdout = commandSpec.commandLine().getOut();
        PrintWriter stderr = commandSpec.commandLine().getErr();
        PackSpec pack;
        try {
            pack = SpecReader.read(spec, new SpecOverrides(checkpoint, steps, generationSize, loraDir, embeddingsDir));
        } catch (InvalidSpecException e) {
            stderr.println("sd textures: " + e.problems().size() + " problem(s) in " + spec + "; nothing generated:");
            e.problems().forEach(p -> stderr.println("  - " + p));
            stderr.flush();
            return INVALID_SPEC;
        }
        ProgressBar progress = new ProgressBar(stderr, pack.textures().size());
        TexturePackGenerator.Result result;
        try (Pipeline pipeline = Pipeline.builder().checkpoint(pack.checkpoint()).vae(vae).tokenizer(tokenizer)
                .loraDir(loraDir).embeddingsDir(embeddingsDir).backend(backend).build()) {
            result = new TexturePackGenerator(pipeline, progress).generate(pack);
        } finally {
            progress.close();
        }
        ResourcePackWriter.Written written = ResourcePackWriter.write(pack, result, out);
        for (GeneratedTexture t : result.textures()) {
            if (!t.seam().passed()) {
                stderr.println("sd textures: warning: " + t.spec().id() + " does not tile well: "
                        + t.seam().describe());
            }
        }
        stderr.flush();
        stdout.printf(Locale.ROOT, "wrote %d textures (%dx%d%s) to %s and %s%n", result.textures().size(),
                pack.textureSize(), pack.textureSize(),
                pack.paletteColors() > 0 ? ", " + pack.paletteColors() + " colours" : "", written.folder(),
                written.zip());
        stdout.flush();
        return 0;
    }
}
