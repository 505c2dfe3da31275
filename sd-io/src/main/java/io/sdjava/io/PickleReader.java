package io.sdjava.io;

import io.sdjava.ModelLoadException;
import io.sdjava.io.PickleValues.StorageRef;
import io.sdjava.io.PickleValues.TensorRef;
import io.sdjava.io.PickleValues.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads PyTorch pickle checkpoints ({@code .ckpt}, {@code .pth}, {@code .pt}, {@code .bin}) in the zip format and the
 * legacy non-zip format with a strict allow-list unpickler that never executes or instantiates anything (A1111's
 * list, or spandrel's smaller list for upscalers). Zip member names are checked as A1111 does; storages are read from
 * their records on access and their sizes come from the records, never from the pickle's claims; every tensor view is
 * bounds-checked against its storage before the file is accepted. Hostile or corrupt files throw
 * {@link ModelLoadException}.
 */
public final class PickleReader {
    private static final Pattern ZIP_MEMBER =
            Pattern.compile("^([^/]+)/((data/\\d+)|version|byteorder|\\.data/serialization_id|(data\\.pkl))$");
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long MAX_PICKLE_BYTES = 512L * 1024 * 1024;

    /** Which globals a file may name. */
    public enum AllowList {
        /** AUTOMATIC1111's {@code safe.py} list, for checkpoints, VAEs, LoRAs and embeddings. */
        A1111(PickleCalls.A1111_ALLOWED),
        /** spandrel's smaller list, for upscaler model files. */
        SPANDREL(PickleCalls.SPANDREL_ALLOWED);

        private final Set<String> globals;

        AllowList(Set<String> globals) {
            this.globals = globals;
        }
    }

    private PickleReader() {}

    /**
     * @param file a pickle checkpoint
     * @return the parsed file (close it to release the file handle)
     * @throws ModelLoadException naming the file and the problem if it is missing, corrupt or hostile
     */
    public static PickleFile read(Path file) {
        return read(file, AllowList.A1111);
    }

    /**
     * @param file a pickle checkpoint
     * @param allowList the globals the file may name
     * @return the parsed file (close it to release the file handle)
     * @throws ModelLoadException naming the file and the problem if it is missing, corrupt or hostile
     */
    public static PickleFile read(Path file, AllowList allowList) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("pickle file not found: " + file);
        }
        try {
            ZipFile zip;
            try {
                zip = new ZipFile(file.toFile());
            } catch (ZipException notZip) {
                if (startsWithZipMagic(file)) {
                    throw Unpickler.corrupt("not a valid zip archive (" + notZip.getMessage() + ")");
                }
                return readLegacy(file, allowList);
            }
            try {
                return readZip(file, zip, allowList);
            } catch (RuntimeException | IOException e) {
                zip.close();
                throw e;
            }
        } catch (Unpickler.ForbiddenPickleException e) {
            throw new ModelLoadException("refused " + file + " (the file may be malicious): " + e.getMessage(), e);
        } catch (Unpickler.CorruptPickleException e) {
            throw new ModelLoadException("refused " + file + " (the file is most likely corrupted): " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("pickle file not found: " + file, e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (ArithmeticException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new ModelLoadException("refused " + file + " (the file is most likely corrupted): " + e, e);
        } catch (StackOverflowError e) {
            throw new ModelLoadException("refused " + file + ": objects nested too deeply");
        }
    }

    private static boolean startsWithZipMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    private static PickleFile readZip(Path file, ZipFile zip, AllowList allowList) throws IOException {
        ZipEntry dataPkl = null;
        ZipEntry byteOrder = null;
        Map<String, ZipEntry> records = new HashMap<>();
        Set<String> names = new java.util.HashSet<>();
        String dir = null;
        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
            ZipEntry e = en.nextElement();
            String name = e.getName();
            var m = ZIP_MEMBER.matcher(name);
            if (!m.matches() || m.group(1).equals(".") || m.group(1).equals("..") || name.indexOf('\\') >= 0) {
                throw Unpickler.forbidden("bad file inside " + file.getFileName() + ": " + Unpickler.shorten(name));
            }
            if (!names.add(name)) {
                throw Unpickler.forbidden("duplicate zip member " + Unpickler.shorten(name) + " in "
                        + file.getFileName());
            }
            if (dir != null && !dir.equals(m.group(1))) {
                throw Unpickler.forbidden("zip members in more than one folder (" + Unpickler.shorten(dir) + ", "
                        + Unpickler.shorten(m.group(1)) + ") in " + file.getFileName());
            }
            dir = m.group(1);
            if (m.group(2).equals("byteorder")) {
                byteOrder = e;
            }
            if (m.group(4) != null) {
                if (dataPkl != null) {
                    throw Unpickler.forbidden("Multiple data.pkl found in " + file.getFileName());
                }
                dataPkl = e;
            } else if (m.group(3) != null) {
                records.put(e.getName(), e);
            }
        }
        if (dataPkl == null) {
            throw Unpickler.corrupt("no data.pkl in " + file.getFileName());
        }
        checkByteOrder(zip, byteOrder);
        if (dataPkl.getSize() > MAX_PICKLE_BYTES) {
            throw Unpickler.forbidden("data.pkl is larger than " + MAX_PICKLE_BYTES + " bytes");
        }
        byte[] pkl;
        try (InputStream in = zip.getInputStream(dataPkl)) {
            pkl = in.readNBytes((int) MAX_PICKLE_BYTES + 1);
        }
        if (pkl.length > MAX_PICKLE_BYTES) {
            throw Unpickler.forbidden("data.pkl is larger than " + MAX_PICKLE_BYTES + " bytes");
        }
        Unpickler u = new Unpickler(ByteBuffer.wrap(pkl), allowList.globals, PickleReader::zipStorage);
        Object root = u.load();
        String prefix = dir + "/data/";
        Map<String, Long> sizes = new HashMap<>();
        records.forEach((name, e) -> sizes.put(name.substring(prefix.length()), e.getSize()));
        StorageSource source = new StorageSource() {
            @Override
            public long byteSize(String key) {
                Long s = sizes.get(key);
                return s == null ? -1 : s;
            }

            @Override
            public byte[] read(String key, long offset, int length) throws IOException {
                ZipEntry e = records.get(prefix + key);
                try (InputStream in = zip.getInputStream(e)) {
                    in.skipNBytes(offset);
                    byte[] b = in.readNBytes(length);
                    if (b.length != length) {
                        throw new java.io.EOFException("storage record " + key + " is shorter than its zip entry "
                                + "claims");
                    }
                    return b;
                }
            }

            @Override
            public void close() throws IOException {
                zip.close();
            }
        };
        return new PickleFile(file, "pickle-zip", root, source);
    }

    /** torch 2.1+ records the writer's byte order; only little-endian data is supported. */
    private static void checkByteOrder(ZipFile zip, ZipEntry entry) throws IOException {
        if (entry == null) {
            return;
        }
        byte[] order;
        try (InputStream in = zip.getInputStream(entry)) {
            order = in.readNBytes(16);
        }
        String value = new String(order, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
        if (!value.equals("little")) {
            throw Unpickler.forbidden("byteorder '" + Unpickler.shorten(value)
                    + "' is not supported (only little-endian checkpoints)");
        }
    }

    private static StorageRef zipStorage(Tuple pid) {
        List<Object> p = pid.items();
        if (p.size() != 5 || !(p.get(2) instanceof String key) || !(p.get(3) instanceof String location)
                || !(p.get(4) instanceof Long numel)) {
            throw Unpickler.corrupt("malformed storage persistent id (" + p.size() + " items)");
        }
        return new StorageRef(PickleCalls.storageType(p.get(1)), key, location, numel);
    }

    private static PickleFile readLegacy(Path file, AllowList allowList) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, TensorDType> types = new HashMap<>();
            Object magic = new Unpickler(buf, allowList.globals, PickleReader::noStorage).load();
            if (!(magic instanceof BigInteger b && b.equals(LEGACY_MAGIC))) {
                throw Unpickler.corrupt("Invalid magic number; corrupt file?");
            }
            Object protocol = new Unpickler(buf, allowList.globals, PickleReader::noStorage).load();
            if (!Long.valueOf(1001).equals(protocol)) {
                throw Unpickler.corrupt("Invalid protocol version: " + protocol);
            }
            new Unpickler(buf, allowList.globals, PickleReader::noStorage).load(); // sys info
            Object root = new Unpickler(buf, allowList.globals, pid -> legacyStorage(pid, types)).load();
            Object keys = new Unpickler(buf, allowList.globals, PickleReader::noStorage).load();
            if (!(keys instanceof List<?> keyList)) {
                throw Unpickler.corrupt("legacy storage key list missing");
            }
            Map<String, long[]> regions = new HashMap<>(); // key -> {data offset, byte size}
            long pos = buf.position();
            for (Object k : keyList) {
                TensorDType dtype = k instanceof String s ? types.get(s) : null;
                if (!(k instanceof String key) || dtype == null) {
                    throw Unpickler.corrupt("legacy storage " + Unpickler.describe(k)
                            + " is not referenced by any tensor");
                }
                if (pos + 8 > ch.size()) {
                    throw Unpickler.corrupt("pickle data was truncated");
                }
                long numel = buf.getLong((int) pos);
                long bytes = Math.multiplyExact(numel, dtype.byteSize());
                if (numel < 0 || pos + 8 + bytes > ch.size()) {
                    throw Unpickler.corrupt("legacy storage " + Unpickler.shorten(key) + " exceeds the file");
                }
                regions.put(key, new long[] {pos + 8, bytes});
                pos += 8 + bytes;
            }
            StorageSource source = new StorageSource() {
                @Override
                public long byteSize(String key) {
                    long[] r = regions.get(key);
                    return r == null ? -1 : r[1];
                }

                @Override
                public byte[] read(String key, long offset, int length) throws IOException {
                    long[] r = regions.get(key);
                    ByteBuffer out = ByteBuffer.allocate(length);
                    long at = r[0] + offset;
                    while (out.hasRemaining()) {
                        int n = ch.read(out, at);
                        if (n < 0) {
                            throw new IOException("unexpected end of file");
                        }
                        at += n;
                    }
                    return out.array();
                }

                @Override
                public void close() throws IOException {
                    ch.close();
                }
            };
            return new PickleFile(file, "pickle-legacy", root, source);
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }

    private static StorageRef noStorage(Tuple pid) {
        throw Unpickler.forbidden("unexpected persistent id outside the object pickle");
    }

    private static StorageRef legacyStorage(Tuple pid, Map<String, TensorDType> types) {
        List<Object> p = pid.items();
        if (p.size() != 6 || !(p.get(2) instanceof String key) || !(p.get(3) instanceof String location)
                || !(p.get(4) instanceof Long numel)) {
            throw Unpickler.corrupt("malformed legacy storage persistent id (" + p.size() + " items)");
        }
        if (p.get(5) != null) {
            throw Unpickler.forbidden("legacy storage views are not supported");
        }
        TensorDType dtype = PickleCalls.storageType(p.get(1));
        TensorDType previous = types.putIfAbsent(key, dtype);
        if (previous != null && previous != dtype) {
            throw Unpickler.corrupt("storage " + Unpickler.shorten(key) + " is used with two element types");
        }
        return new StorageRef(dtype, key, location, numel);
    }

    /** Random access to the storages of one file. */
    interface StorageSource extends AutoCloseable {
        /** @return the real byte size of a storage record, or -1 if it does not exist */
        long byteSize(String key);

        byte[] read(String key, long offset, int length) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Collects every tensor of an object tree, iteratively (no recursion on hostile nesting). */
    static List<TensorRef> tensors(Object root) {
        List<TensorRef> out = new ArrayList<>();
        List<Object> todo = new ArrayList<>();
        Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.add(root);
        while (!todo.isEmpty()) {
            Object o = todo.remove(todo.size() - 1);
            if (o == null || !seen.add(o)) {
                continue;
            }
            if (o instanceof TensorRef t) {
                out.add(t);
            } else if (o instanceof Map<?, ?> m) {
                todo.addAll(m.values());
                todo.addAll(m.keySet());
            } else if (o instanceof Collection<?> c) {
                todo.addAll(c);
            } else if (o instanceof Tuple t) {
                todo.addAll(t.items());
            }
        }
        return out;
    }
}
