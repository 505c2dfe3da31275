package io.sdjava.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.ModelLoadException;
import io.sdjava.spi.conformance.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickleReaderTest {
    private final Path dir = Fixtures.area("pickle");

    @TempDir
    Path tmp;

    @Test
    void zipAndLegacyFormatsGiveTheSameTensors() {
        try (PickleFile zip = PickleReader.read(dir.resolve("sd_like_zip.ckpt"));
                PickleFile legacy = PickleReader.read(dir.resolve("sd_like_legacy.ckpt"))) {
            assertEquals("pickle-zip", zip.format());
            assertEquals("pickle-legacy", legacy.format());
            assertEquals(zip.keys(), legacy.keys());
            assertTrue(zip.keys().contains("strided.transposed"));
            for (String k : zip.keys()) {
                assertEquals(zip.info(k), legacy.info(k), k);
                assertArrayEquals(zip.toFloatArray(k), legacy.toFloatArray(k), k);
            }
            assertEquals(470007L, ((Map<?, ?>) zip.root()).get("global_step"));
        }
    }

    @Test
    void stateDictsOpenSniffsEveryFormat() {
        try (StateDict a = StateDicts.open(dir.resolve("plain_state_dict.pth"));
                StateDict b = StateDicts.open(Fixtures.area("models").resolve("tiny-sd1.safetensors"))) {
            assertEquals("pickle-zip", a.format());
            assertEquals("safetensors", b.format());
        }
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> StateDicts.open(dir.resolve("bad_not_a_checkpoint.ckpt")));
        assertTrue(e.getMessage().contains("unknown weights format"), e.getMessage());
        assertThrows(ModelLoadException.class, () -> StateDicts.open(tmp.resolve("missing.ckpt")));
    }

    @Test
    void forbiddenGlobalIsNamed() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> PickleReader.read(dir.resolve("evil_os_system.ckpt")));
        assertTrue(e.getMessage().contains("global 'posix/system' is forbidden"), e.getMessage());
        assertTrue(e.getMessage().contains("may be malicious"), e.getMessage());
    }

    @Test
    void spandrelListRefusesWhatA1111Allows() {
        assertThrows(ModelLoadException.class,
                () -> PickleReader.read(dir.resolve("lightning_callbacks.ckpt"), PickleReader.AllowList.SPANDREL));
    }

    private Path legacyWith(byte[] objectPickle) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9,
            0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'});
        out.writeBytes(new byte[] {(byte) 0x80, 2, 'M', (byte) 0xe9, 0x03, '.'});
        out.writeBytes(new byte[] {(byte) 0x80, 2, '}', '.'});
        out.writeBytes(objectPickle);
        out.writeBytes(new byte[] {(byte) 0x80, 2, ']', '.'});
        return Files.write(tmp.resolve("crafted.pt"), out.toByteArray());
    }

    @Test
    void craftedHostilePicklesAreRefusedCleanly() throws IOException {
        // deeply nested lists: 200,000 EMPTY_LIST + APPEND chains would recurse in naive code
        ByteArrayOutputStream deep = new ByteArrayOutputStream();
        deep.writeBytes(new byte[] {(byte) 0x80, 2});
        for (int i = 0; i < 200_000; i++) {
            deep.write('(');
        }
        deep.write('.');
        assertThrows(ModelLoadException.class, () -> PickleReader.read(legacyWith(deep.toByteArray())));
        // BINUNICODE claiming 2 GiB
        byte[] huge = {(byte) 0x80, 2, 'X', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 'a', '.'};
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> PickleReader.read(legacyWith(huge)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        // unknown opcode
        assertThrows(ModelLoadException.class, () -> PickleReader.read(legacyWith(new byte[] {(byte) 0x80, 2, (byte) 0xff})));
        // text persistent id and extension codes
        assertThrows(ModelLoadException.class, () -> PickleReader.read(legacyWith("P0\n.".getBytes())));
        assertThrows(ModelLoadException.class, () -> PickleReader.read(legacyWith(new byte[] {(byte) 0x82, 1, '.'})));
        // a global on the list may be referenced but not called with a forbidden target
        byte[] callClassRef = "cpytorch_lightning.callbacks.model_checkpoint\nModelCheckpoint\n)R.".getBytes();
        e = assertThrows(ModelLoadException.class, () -> PickleReader.read(legacyWith(callClassRef)));
        assertTrue(e.getMessage().contains("refusing to call"), e.getMessage());
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void keysBuiltFromSharedHalvesHashInLinearTime() throws IOException {
        // 63 levels of (x, x) with x shared: 2^63 paths, 63 distinct tuples; then {key: None}
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {(byte) 0x80, 2, '}', 'N', 'q', 0, '0'});
        for (int i = 0; i < 63; i++) {
            p.writeBytes(new byte[] {'h', (byte) i, 'h', (byte) i, (byte) 0x86, 'q', (byte) (i + 1), '0'});
        }
        p.writeBytes(new byte[] {'h', 63, 'N', 's', '.'});
        try (PickleFile f = PickleReader.read(legacyWith(p.toByteArray()))) {
            assertEquals(1, ((Map<?, ?>) f.root()).size());
        }
        // an unhashable key (a list) is refused as Python refuses it
        byte[] listKey = {(byte) 0x80, 2, '}', ']', 'N', 's', '.'};
        assertThrows(ModelLoadException.class, () -> PickleReader.read(legacyWith(listKey)));
    }

    @Test
    void cyclicStructuresDoNotHang() throws IOException {
        // a list that contains itself: ] q0 h0 a .
        byte[] cyclic = {(byte) 0x80, 2, ']', 'q', 0, 'h', 0, 'a', '.'};
        try (PickleFile f = PickleReader.read(legacyWith(cyclic))) {
            assertTrue(f.keys().isEmpty());
            assertEquals(1, ((ArrayList<?>) f.root()).size());
        }
    }
}
