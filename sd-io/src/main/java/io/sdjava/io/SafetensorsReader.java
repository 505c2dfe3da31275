package io.sdjava.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sdjava.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code .safetensors} files. The header is validated against the file size before anything else
 * is allocated; each tensor is mapped lazily from the file on first access (no whole-file copy).
 * Thread-safe for reads.
 */
public final class SafetensorsReader implements StateDict {
    /** Largest header accepted (the format's own limit is 100 MB). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path source;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private record Entry(TensorInfo info, long begin, long end) {}

    private SafetensorsReader(Path source, FileChannel channel, long dataStart, Map<String, Entry> entries,
            Map<String, String> metadata) {
        this.source = source;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /**
     * Opens and validates a safetensors file.
     *
     * @param file the file
     * @return the state dict; close it to release the file
     * @throws ModelLoadException naming the file and the problem if it is missing, corrupt or inconsistent
     */
    public static SafetensorsReader open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("safetensors file not found: " + file, e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot open safetensors file " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(file, channel);
        } catch (ModelLoadException e) {
            closeQuietly(channel);
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw new ModelLoadException("invalid safetensors file " + file + ": " + e, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ModelLoadException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    private static SafetensorsReader parse(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw bad(file, "file is " + size + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lenBuf, 0);
        long headerLen = lenBuf.getLong(0);
        if (headerLen <= 0 || headerLen > size - 8 || headerLen > MAX_HEADER_BYTES) {
            throw bad(file, "header length " + headerLen + " is out of range (file size " + size
                    + ", allowed 1.." + Math.min(size - 8, MAX_HEADER_BYTES) + ")");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLen);
        readFully(channel, header, 8);
        JsonNode root;
        try {
            root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw bad(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "header is not a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = Map.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                entries.put(field.getKey(), parseEntry(file, field.getKey(), field.getValue(), dataSize));
            }
        }
        checkNoOverlap(file, entries);
        return new SafetensorsReader(file, channel, dataStart, Collections.unmodifiableMap(entries), metadata);
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) {
        if (!node.isObject()) {
            throw bad(file, "__metadata__ is not an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual()) {
                throw bad(file, "__metadata__ value of '" + f.getKey() + "' is not a string");
            }
            out.put(f.getKey(), f.getValue().asText());
        });
        return Collections.unmodifiableMap(out);
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataSize) {
        if (!node.isObject()) {
            throw bad(file, "entry '" + name + "' is not an object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw bad(file, "entry '" + name + "' has no dtype");
        }
        TensorDType dtype;
        try {
            dtype = TensorDType.fromSafetensors(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw bad(file, "tensor '" + name + "': " + e.getMessage());
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray() || shapeNode.size() > 16) {
            throw bad(file, "tensor '" + name + "' has no valid shape (a list of at most 16 dimensions)");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw bad(file, "tensor '" + name + "' has an invalid dimension " + d);
            }
            shape[i] = d.asLong();
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw bad(file, "tensor '" + name + "' has no valid data_offsets [begin, end]");
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(file, "tensor '" + name + "' data_offsets [" + begin + ", " + end
                    + "] are outside the data section of " + dataSize + " bytes");
        }
        TensorInfo info = new TensorInfo(name, dtype, shape);
        long expected;
        try {
            expected = info.byteSize();
        } catch (ArithmeticException e) {
            throw bad(file, "tensor '" + name + "' shape overflows");
        }
        if (expected != end - begin) {
            throw bad(file, "tensor '" + name + "' is " + dtype + " " + Arrays.toString(shape) + " = "
                    + expected + " bytes, but its data_offsets span " + (end - begin) + " bytes");
        }
        if (expected > Integer.MAX_VALUE) {
            throw bad(file, "tensor '" + name + "' is larger than 2 GiB, which is not supported");
        }
        return new Entry(info, begin, end);
    }

    private static void checkNoOverlap(Path file, Map<String, Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry prev = sorted.get(i - 1);
            Entry cur = sorted.get(i);
            if (cur.begin() < prev.end()) {
                throw bad(file, "tensors '" + prev.info().name() + "' and '" + cur.info().name()
                        + "' overlap in the data section");
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static ModelLoadException bad(Path file, String problem) {
        return new ModelLoadException("invalid safetensors file " + file + ": " + problem);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public String format() {
        return "safetensors";
    }

    @Override
    public List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    @Override
    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    @Override
    public TensorInfo info(String key) {
        return entry(key).info();
    }

    @Override
    public ByteBuffer data(String key) {
        Entry e = entry(key);
        long length = e.end() - e.begin();
        if (length == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), length)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot map tensor '" + key + "' of " + source, ex);
        }
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    private Entry entry(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            throw new IllegalArgumentException("no tensor '" + key + "' in " + source);
        }
        return e;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
