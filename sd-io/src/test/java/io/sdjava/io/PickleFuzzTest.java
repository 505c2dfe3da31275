package io.sdjava.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.sdjava.ModelLoadException;
import io.sdjava.spi.conformance.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random corruptions of the good fixtures: each must load (and every tensor read) or be refused with a
 * {@link ModelLoadException} — never another exception, an Error or a hang.
 */
class PickleFuzzTest {
    private static final int ROUNDS = 400;

    @TempDir
    Path tmp;

    @Test
    void corruptedZipPicklesEndInACleanOutcome() throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(Fixtures.area("pickle").resolve("sd_like_zip.ckpt").toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    members.put(e.getName(), in.readAllBytes());
                }
            }
        }
        String pkl = members.keySet().stream().filter(n -> n.endsWith("/data.pkl")).findFirst().orElseThrow();
        String[] storages = members.keySet().stream().filter(n -> n.contains("/data/")).toArray(String[]::new);
        Random random = new Random(1234);
        for (int round = 0; round < ROUNDS; round++) {
            Map<String, byte[]> copy = new LinkedHashMap<>(members);
            copy.put(pkl, mutate(members.get(pkl), random));
            if (round % 10 == 0) {
                String storage = storages[random.nextInt(storages.length)];
                byte[] data = copy.get(storage);
                copy.put(storage, Arrays.copyOf(data, random.nextInt(data.length + 1)));
            }
            Path f = tmp.resolve("z" + round + ".ckpt");
            try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
                for (Map.Entry<String, byte[]> e : copy.entrySet()) {
                    z.putNextEntry(new ZipEntry(e.getKey()));
                    z.write(e.getValue());
                }
            }
            check(f, round);
        }
    }

    @Test
    void corruptedZipContainersEndInACleanOutcome() throws IOException {
        byte[] original = Files.readAllBytes(Fixtures.area("pickle").resolve("plain_state_dict.pth"));
        Random random = new Random(91);
        for (int round = 0; round < ROUNDS; round++) {
            check(Files.write(tmp.resolve("c" + round + ".pth"), mutate(original, random)), round);
        }
    }

    @Test
    void corruptedLegacyFilesEndInACleanOutcome() throws IOException {
        byte[] original = Files.readAllBytes(Fixtures.area("pickle").resolve("sd_like_legacy.ckpt"));
        Random random = new Random(5678);
        for (int round = 0; round < ROUNDS; round++) {
            check(Files.write(tmp.resolve("l" + round + ".ckpt"), mutate(original, random)), round);
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                return Arrays.copyOf(b, random.nextInt(b.length));
            }
            case 1 -> {
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                int at = random.nextInt(b.length - 4);
                int v = random.nextBoolean() ? -1 : random.nextInt();
                for (int i = 0; i < 4; i++) {
                    b[at + i] = (byte) (v >>> (8 * i));
                }
            }
            default -> {
                int at = random.nextInt(b.length);
                b[at] = (byte) (b[at] ^ (1 << random.nextInt(8)));
            }
        }
        return b;
    }

    private static void check(Path f, int round) {
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try (StateDict sd = StateDicts.open(f)) {
                    sd.keys().forEach(sd::toFloatArray);
                    if (sd instanceof PickleFile pf) {
                        PickleReader.tensors(pf.root()).forEach(pf::data);
                    }
                } catch (ModelLoadException expected) {
                    // refused cleanly
                }
            }, () -> "round " + round + " of " + f.getFileName() + " hung");
        } catch (org.opentest4j.AssertionFailedError e) {
            throw e;
        } catch (Throwable t) {
            fail("round " + round + " of " + f.getFileName() + ": " + t, t);
        }
    }
}
