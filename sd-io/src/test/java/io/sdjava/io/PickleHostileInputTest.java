package io.sdjava.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.ModelLoadException;
import io.sdjava.io.PickleValues.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-crafted hostile and unusual pickles: every one loads, or ends quickly in a {@link ModelLoadException} that
 * names the file and the problem — never an Error, a hang or an allocation sized by a claim.
 */
class PickleHostileInputTest {
    private static final Duration QUICK = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    /** A tiny pickle assembler. */
    static final class P {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        P op(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        P raw(String ascii) {
            out.writeBytes(ascii.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        P str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X').u32(b.length);
            out.writeBytes(b);
            return this;
        }

        P u32(long v) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        P u64(long v) {
            u32(v);
            return u32(v >>> 32);
        }

        P global(String module, String name) {
            return op('c').raw(module + "\n" + name + "\n");
        }

        /** {@code _rebuild_tensor_v2(storage(key), offset, shape, contiguous strides, False, OrderedDict())}. */
        P tensor(String key, long offset, int... shape) {
            global("torch._utils", "_rebuild_tensor_v2").op('(').op('(').str("storage")
                    .global("torch", "FloatStorage").str(key).str("cpu").op('K', 4).op('t').op('Q')
                    .op('J').u32(offset).op('(');
            for (int d : shape) {
                op('K', d);
            }
            op('t').op('(');
            int[] strides = new int[shape.length];
            for (int i = shape.length - 1, s = 1; i >= 0; s *= shape[i], i--) {
                strides[i] = s;
            }
            for (int st : strides) {
                op('K', st);
            }
            return op('t').op(0x89).global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private Path zip(byte[] pickle, Map<String, byte[]> extra) throws IOException {
        Path f = Files.createTempFile(tmp, "ckpt", ".ckpt");
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            z.write(pickle);
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
            }
        }
        return f;
    }

    private Path zip(byte[] pickle) throws IOException {
        return zip(pickle, Map.of());
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    /** Reads (and materializes every tensor of) a file that must be refused; returns the message. */
    private static String refusal(Path file) {
        return refusal(file, PickleReader.AllowList.A1111);
    }

    private static String refusal(Path file, PickleReader.AllowList list) {
        ModelLoadException e = assertTimeoutPreemptively(QUICK, () -> assertThrows(ModelLoadException.class, () -> {
            try (PickleFile f = PickleReader.read(file, list)) {
                f.keys().forEach(f::toFloatArray);
            }
        }));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        return e.getMessage();
    }

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
    }

    private static <T> T quickly(Supplier<T> work) {
        return assertTimeoutPreemptively(QUICK, work::get);
    }

    @Test
    void deeplyNestedTuplesLoadAndAreTraversedWithoutRecursion() throws IOException {
        P p = new P().op(0x80, 2).op('K', 1);
        for (int i = 0; i < 200_000; i++) {
            p.op(0x85);
        }
        Path f = zip(p.op('.').bytes());
        try (PickleFile file = quickly(() -> PickleReader.read(f))) {
            Tuple root = assertInstanceOf(Tuple.class, file.root());
            assertEquals(200_000, root.depth());
            assertTrue(file.keys().isEmpty());
            assertTrue(PickleReader.tensors(root).isEmpty());
            assertTrue(root.toString().length() < 300);
            assertEquals(root.hashCode(), root.hashCode()); // cached, no recursion
        }
    }

    @Test
    void deeplyNestedListsLoadAndAreTraversedWithoutRecursion() throws IOException {
        P p = new P().op(0x80, 2).op(']', 'q', 0, '0');
        for (int i = 0; i < 200_000; i++) {
            p.op(']', 'h', 0, 'a', 'q', 0, '0'); // [[[...]]] built inside out
        }
        Path f = zip(p.op('h', 0, '.').bytes());
        try (PickleFile file = quickly(() -> PickleReader.read(f))) {
            assertInstanceOf(List.class, file.root());
            assertTrue(PickleReader.tensors(file.root()).isEmpty());
        }
    }

    @Test
    void deepDictKeyIsRefused() throws IOException {
        P p = new P().op(0x80, 2).op('}').op('K', 1);
        for (int i = 0; i < 10_000; i++) {
            p.op(0x85);
        }
        assertContains(refusal(zip(p.op('K', 2).op('s').op('.').bytes())), "nested deeper than");
    }

    @Test
    void unhashableKeysAreRefusedOnEveryRoute() throws IOException {
        // {[]: 1}, {([],): 1}, OrderedDict([([], 1)]), set([[]])
        assertContains(refusal(zip(new P().op(0x80, 2).op('}', ']', 'K', 1, 's', '.').bytes())), "unhashable");
        assertContains(refusal(zip(new P().op(0x80, 2).op('}', ']', 0x85, 'K', 1, 's', '.').bytes())),
                "unhashable");
        assertContains(refusal(zip(new P().op(0x80, 2).global("collections", "OrderedDict").op(']', ']', 'K', 1)
                .op(0x86, 'a', 0x85, 'R', '.').bytes())), "unhashable");
        assertContains(refusal(zip(new P().op(0x80, 2).global("__builtin__", "set").op(']', ']', ']', 'a', 'a')
                .op(0x85, 'R', '.').bytes())), "unhashable");
    }

    @Test
    void selfContainingListsLoadAndAreTraversedOnce() throws IOException {
        // l = []; l.append(l); t = (l,); l.append(t)
        byte[] pkl = new P().op(0x80, 2).op(']').op('q', 0).op('h', 0).op('a').op('h', 0).op(0x85).op('a')
                .op('.').bytes();
        try (PickleFile file = quickly(() -> PickleReader.read(unchecked(() -> zip(pkl))))) {
            List<?> l = assertInstanceOf(List.class, file.root());
            assertEquals(2, l.size());
            assertTrue(PickleReader.tensors(l).isEmpty());
        }
    }

    /** Pushes {@code L63} where {@code L0 = [1], Li = [Li-1, Li-1]}: 2^63 paths through 64 objects. */
    private static P exponentialList(P p) {
        p.op(']').op('K', 1).op('a').op('q', 0).op('0');
        for (int i = 1; i < 64; i++) {
            p.op(']').op('(').op('h', i - 1).op('h', i - 1).op('e').op('q', i).op('0');
        }
        return p.op('h', 63);
    }

    /** Tuples {@code T0 = (1,), Ti = (Ti-1, Ti-1)}, memo slots from {@code base}. */
    private static P exponentialTuple(P p, int base) {
        p.op('K', 1).op(0x85).op('q', base);
        for (int i = 1; i < 64; i++) {
            p.op('0').op('h', base + i - 1).op('h', base + i - 1).op(0x86).op('q', base + i);
        }
        return p;
    }

    @Test
    void exponentiallySharedTreesCostLinearTime() throws IOException {
        Path list = zip(exponentialList(new P().op(0x80, 2)).op('.').bytes());
        try (PickleFile file = quickly(() -> PickleReader.read(list))) {
            assertTrue(PickleReader.tensors(file.root()).isEmpty());
        }
        // The same tree as a persistent id, and as a legacy storage key, must not be printed into the message.
        Path pid = zip(exponentialList(new P().op(0x80, 2).str("storage")).op(0x86).op('Q').op('.').bytes());
        assertContains(refusal(pid), "malformed storage persistent id");
        // Two structurally equal but distinct 2^63-path tuples as dict keys: equal, compared in linear time.
        P keys = exponentialTuple(new P().op(0x80, 2), 0).op('0');
        keys = exponentialTuple(keys, 64).op('0');
        byte[] twoKeys = keys.op('}').op('h', 63).op('K', 1).op('s').op('h', 127).op('K', 2).op('s').op('.').bytes();
        try (PickleFile file = quickly(() -> PickleReader.read(unchecked(() -> zip(twoKeys))))) {
            Map<?, ?> m = assertInstanceOf(Map.class, file.root());
            assertEquals(1, m.size());
            assertEquals(2L, m.values().iterator().next());
        }
    }

    @Test
    void marksAreLinearNotQuadratic() throws IOException {
        P p = new P().op(0x80, 2);
        for (int i = 0; i < 100_000; i++) {
            p.op('N');
        }
        for (int i = 0; i < 200_000; i++) {
            p.op('(').op('1'); // MARK then POP_MARK over a deep stack
        }
        Path f = zip(p.op('.').bytes());
        try (PickleFile file = quickly(() -> PickleReader.read(f))) {
            assertNull(file.root());
        }
        assertContains(refusal(zip(new P().op(0x80, 2).op('N', '(', '0', '.').bytes())), "unexpected MARK");
    }

    @Test
    void objectCountIsBoundedEvenForACompressedPickle() throws IOException {
        P p = new P().op(0x80, 2);
        for (int i = 0; i <= Unpickler.MAX_OBJECTS; i++) {
            p.op(']', '0');
        }
        Path f = zip(p.op('N', '.').bytes()); // deflated: a 32 MiB pickle in a small file
        assertTrue(Files.size(f) < 1 << 20);
        assertContains(refusal(f), "more than " + Unpickler.MAX_OBJECTS + " objects");
    }

    @Test
    void memoSizeIsBoundedToo() throws IOException {
        byte[] pkl = new byte[Unpickler.MAX_OBJECTS + 8];
        Arrays.fill(pkl, (byte) 0x94); // MEMOIZE: one new memo entry per byte
        pkl[0] = (byte) 0x80;
        pkl[1] = 4;
        pkl[2] = 'N';
        pkl[pkl.length - 1] = '.';
        Path f = zip(pkl);
        assertTrue(Files.size(f) < 1 << 20);
        assertContains(refusal(f), "more than " + Unpickler.MAX_OBJECTS + " objects");
    }

    @Test
    void hugeClaimedLengthsAreRefusedBeforeAllocating() throws IOException {
        assertContains(refusal(zip(new P().op(0x80, 2).op('X').u32(0xfffffff0L).op('.').bytes())), "truncated");
        assertContains(refusal(zip(new P().op(0x80, 4).op(0x8d).u64(1L << 62).op('.').bytes())), "truncated");
        assertContains(refusal(zip(new P().op(0x80, 2).op(0x8b).u32(0x7fffffffL).op('.').bytes())), "truncated");
        assertContains(refusal(zip(new P().op(0x80, 4).op(0x95).u64(Long.MAX_VALUE).op('N', '.').bytes())),
                "truncated");
        assertContains(refusal(zip(new P().op(0x80, 4).op(0x95).u64(-1).op('N', '.').bytes())), "truncated");
        assertContains(refusal(zip(new P().op(0x80, 4).op(0x8e).u64(-5).op('.').bytes())), "truncated");
        assertContains(refusal(zip(new P().op(0x80, 2).op('B').u32(0xffffffffL).op('.').bytes())), "truncated");
    }

    @Test
    void unknownOpcodesAndBrokenStacksAreRefused() throws IOException {
        assertContains(refusal(zip(new P().op(0x80, 2).op(0xff).bytes())), "invalid load key, '\\xff'");
        assertContains(refusal(zip(new P().op(0x80, 9).op('N').op('.').bytes())), "unsupported pickle protocol: 9");
        assertContains(refusal(zip(new P().op(0x80, 2).op('R').op('.').bytes())), "stack underflow");
        assertContains(refusal(zip(new P().op(0x80, 2).op('h', 7).op('.').bytes())), "Memo value not found");
        assertContains(refusal(zip(new P().op(0x80, 2).op('t').op('.').bytes())), "could not find MARK");
        assertContains(refusal(zip(new P().op(0x80, 2).op('N').bytes())), "truncated");
        assertContains(refusal(zip(new P().op(0x80, 2).op('g').raw("-1\n").op('.').bytes())), "memo index");
        assertContains(refusal(zip(new P().op(0x80, 2).op('L').raw("9".repeat(10_000)).op('\n', '.').bytes())),
                "4300 digits");
        assertContains(refusal(zip(new P().op(0x80, 2).op('I').raw("12x\n").op('.').bytes())), "invalid literal");
        // 4300 digits are still fine, as in Python
        try (PickleFile f = PickleReader.read(zip(new P().op(0x80, 2).op('L').raw("7".repeat(4300))
                .op('\n', '.').bytes()))) {
            assertEquals(4300, f.root().toString().length());
        }
    }

    @Test
    void everyWayToReachACallableIsAllowListed() throws IOException {
        assertContains(refusal(zip(new P().op(0x80, 4).op(0x8c, 2).raw("os").op(0x8c, 6).raw("system").op(0x93)
                .op('.').bytes())), "global 'os/system' is forbidden");
        assertContains(refusal(zip(new P().op(0x80, 2).op('(').op('i').raw("builtins\nexec\n").op('.').bytes())),
                "global 'builtins/exec' is forbidden");
        assertContains(refusal(zip(new P().op(0x80, 2).op(0x82, 1).op('.').bytes())), "extension");
        assertContains(refusal(zip(new P().op(0x80, 2).op('P').raw("evil\n").op('.').bytes())), "persistent id");
        assertContains(refusal(zip(new P().op(0x80, 2).str("nope").op(0x85, 'Q', '.').bytes())), "persistent id");
        assertContains(refusal(zip(new P().op(0x80, 5).op(0x97, '.').bytes())), "out-of-band");
        // An allowed global that is not a callable in a checkpoint.
        assertContains(refusal(zip(new P().op(0x80, 2).global("torch", "FloatStorage").op(')', 'R', '.').bytes())),
                "refusing to call or instantiate 'torch.FloatStorage'");
        assertContains(refusal(zip(new P().op(0x80, 2).global("pytorch_lightning.callbacks.model_checkpoint",
                "ModelCheckpoint").op(')', 0x81, '.').bytes())), "refusing to call or instantiate");
        // typing.OrderedDict is only on the spandrel list.
        Path typing = zip(new P().op(0x80, 2).global("typing", "OrderedDict").op(')').op('R').op('.').bytes());
        assertContains(refusal(typing), "global 'typing/OrderedDict' is forbidden");
        try (PickleFile f = PickleReader.read(typing, PickleReader.AllowList.SPANDREL)) {
            assertInstanceOf(PickleValues.OrderedDict.class, f.root());
        }
        assertContains(refusal(zip(new P().op(0x80, 2).global("torch._utils", "_rebuild_parameter").op(')', 'R', '.')
                .bytes()), PickleReader.AllowList.SPANDREL), "global 'torch._utils/_rebuild_parameter' is forbidden");
    }

    @Test
    void malformedNumpyAndTensorArgumentsAreRefused() throws IOException {
        // numpy.core.multiarray.scalar(numpy.dtype(''), b'\0'): an unknown dtype string
        assertContains(refusal(zip(new P().op(0x80, 2).global("numpy.core.multiarray", "scalar")
                .global("numpy", "dtype").str("").op(0x85, 'R').op('C', 1, 0).op(0x86, 'R', '.').bytes())),
                "unsupported numpy dtype");
        byte[] negative = new P().op(0x80, 2).op('}').str("w").tensor("0", -1, 2).op('s').op('.').bytes();
        assertContains(refusal(zip(negative, Map.of("archive/data/0", floats(1, 2, 3)))), "negative tensor storage");
        byte[] notATensor = new P().op(0x80, 2).global("torch._utils", "_rebuild_parameter").op('N', 0x85, 'R', '.')
                .bytes();
        assertContains(refusal(zip(notATensor)), "_rebuild_parameter expects a tensor");
    }

    @Test
    void zipContainerRules() throws IOException {
        byte[] ok = new P().op(0x80, 2).op('}').op('.').bytes();
        assertContains(refusal(zip(ok, Map.of("archive/../../etc/x", new byte[1]))), "bad file inside");
        assertContains(refusal(zip(ok, Map.of("/abs/data.pkl", new byte[1]))), "bad file inside");
        assertContains(refusal(zip(ok, Map.of("../data.pkl", ok))), "bad file inside");
        assertContains(refusal(zip(ok, Map.of("./version", new byte[1]))), "bad file inside");
        assertContains(refusal(zip(ok, Map.of("a\\..\\x/version", new byte[1]))), "bad file inside");
        assertContains(refusal(zip(ok, Map.of("b/data.pkl", ok))), "folder");
        assertContains(refusal(zip(ok, Map.of("other/data/0", new byte[4]))), "more than one folder");
        byte[] missing = new P().op(0x80, 2).op('}').str("w").tensor("7", 0, 2).op('s').op('.').bytes();
        assertContains(refusal(zip(missing)), "has no data record");
        assertThrows(ModelLoadException.class, () -> PickleReader.read(tmp.resolve("absent.ckpt")));
        assertContains(refusal(zip(ok, Map.of("archive/byteorder", "big".getBytes(StandardCharsets.US_ASCII)))),
                "byteorder 'big'");
        try (PickleFile f = PickleReader.read(zip(ok, Map.of("archive/byteorder",
                "little".getBytes(StandardCharsets.US_ASCII), "archive/version", "3\n".getBytes(
                StandardCharsets.US_ASCII))))) {
            assertInstanceOf(Map.class, f.root());
        }
        Path truncatedZip = zip(ok, Map.of("archive/data/0", new byte[4096]));
        byte[] raw = Files.readAllBytes(truncatedZip);
        assertContains(refusal(Files.write(truncatedZip, Arrays.copyOf(raw, raw.length / 2))),
                "not a valid zip archive");
    }

    /** ZipOutputStream refuses duplicate names, so write a near-duplicate and patch its name in place. */
    private Path withDuplicateMember(byte[] pkl, String name, byte[] content) throws IOException {
        String near = name.substring(0, name.length() - 1) + "_";
        Path f = zip(pkl, name.endsWith("data.pkl") ? Map.of(near, content) : Map.of(name, content, near, content));
        byte[] raw = Files.readAllBytes(f);
        byte[] from = near.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= raw.length; i++) {
            if (Arrays.equals(raw, i, i + from.length, from, 0, from.length)) {
                raw[i + from.length - 1] = (byte) name.charAt(name.length() - 1);
            }
        }
        return Files.write(f, raw);
    }

    @Test
    void duplicateZipMembersAreRefused() throws IOException {
        byte[] ok = new P().op(0x80, 2).op('}').op('.').bytes();
        assertContains(refusal(withDuplicateMember(ok, "archive/data.pkl", ok)), "data.pkl");
        byte[] pkl = new P().op(0x80, 2).op('}').str("w").tensor("0", 0, 2).op('s').op('.').bytes();
        assertContains(refusal(withDuplicateMember(pkl, "archive/data/0", floats(1, 2))), "duplicate zip member");
    }

    @Test
    void viewsAreCheckedAgainstTheRealRecordAndGathered() throws IOException {
        byte[] pkl = new P().op(0x80, 2).op('}').str("w").tensor("0", 0, 2, 2).op('s').op('.').bytes();
        Path good = zip(pkl, Map.of("archive/data/0", floats(1, 2, 3, 4)));
        try (StateDict sd = StateDicts.open(good)) {
            assertEquals(List.of("w"), sd.keys());
            assertArrayEquals(new float[] {1, 2, 3, 4}, sd.toFloatArray("w"));
        }
        assertContains(refusal(zip(pkl, Map.of("archive/data/0", floats(1, 2, 3)))), "exceeds its storage of 3");
        byte[] offset = new P().op(0x80, 2).op('}').str("w").tensor("0", 3, 2).op('s').op('.').bytes();
        assertContains(refusal(zip(offset, Map.of("archive/data/0", floats(1, 2, 3, 4)))), "exceeds its storage");
    }

    @Test
    void broadcastViewsLargerThanTheirStorageAreRefused() throws IOException {
        // shape (1000000, 1000) with strides (0, 0) over a single float: a 4 GB tensor from 4 bytes
        byte[] pkl = new P().op(0x80, 2).op('}').str("w").global("torch._utils", "_rebuild_tensor_v2").op('(')
                .op('(').str("storage").global("torch", "FloatStorage").str("0").str("cpu").op('K', 1).op('t', 'Q')
                .op('K', 0).op('J').u32(1_000_000).op('M', 0xe8, 0x03).op(0x86).op('K', 0, 'K', 0, 0x86).op(0x89)
                .global("collections", "OrderedDict").op(')', 'R', 't', 'R', 's', '.').bytes();
        assertContains(refusal(zip(pkl, Map.of("archive/data/0", floats(7)))), "larger than its storage");
    }

    @Test
    void protocolFourFramesAndMemoize() throws IOException {
        P body = new P().op(0x7d).op(0x94).op(0x8c, 1).raw("k").op(0x94).op(0x8a, 9)
                .op(0, 0, 0, 0, 0, 0, 0, 0, 1).op(0x94).op('s').op('.');
        byte[] frame = body.bytes();
        P p = new P().op(0x80, 4).op(0x95).u64(frame.length);
        p.out.writeBytes(frame);
        try (PickleFile f = PickleReader.read(zip(p.bytes()))) {
            Map<?, ?> d = assertInstanceOf(Map.class, f.root());
            assertEquals(new BigInteger("18446744073709551616"), d.get("k"));
        }
    }

    @Test
    void stateDictsOpenReportsUnknownEmptyAndMissingFiles() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.ckpt"), "hello");
        assertContains(assertThrows(ModelLoadException.class, () -> StateDicts.open(text)).getMessage(),
                "unknown weights format");
        Path empty = Files.write(tmp.resolve("empty.pth"), new byte[0]);
        assertContains(assertThrows(ModelLoadException.class, () -> StateDicts.open(empty)).getMessage(), "empty");
        assertContains(assertThrows(ModelLoadException.class, () -> StateDicts.open(tmp.resolve("nope.safetensors")))
                .getMessage(), "not found");
        Path dir = Files.createDirectory(tmp.resolve("folder.ckpt"));
        assertThrows(ModelLoadException.class, () -> StateDicts.open(dir));
    }

    @Test
    void legacyKeyListIsNeverPrinted() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46,
            (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'});
        out.writeBytes(new byte[] {(byte) 0x80, 2, 'M', (byte) 0xe9, 0x03, '.'});
        out.writeBytes(new byte[] {(byte) 0x80, 2, '}', '.'});
        out.writeBytes(new byte[] {(byte) 0x80, 2, '}', '.'});
        out.writeBytes(exponentialList(new P().op(0x80, 2).op(']')).op('a', '.').bytes()); // [L63]
        Path f = Files.write(tmp.resolve("legacy.pt"), out.toByteArray());
        assertContains(refusal(f), "is not referenced by any tensor");
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T unchecked(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
