package io.sdjava.io;

import io.sdjava.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code .safetensors} files. The header length is checked against the file size (and the reference's
 * 100 MB cap) before anything is allocated; the JSON header is then parsed as a stream and every entry is validated: known
 * dtype, non-negative shape without overflow, {@code data_offsets} inside the data section, a byte range equal to
 * shape x dtype size, tensors that tile the data section exactly (no overlap, gap or trailing bytes, as in the
 * reference implementation), no duplicate keys. Any problem throws a
 * {@link ModelLoadException} naming the file and the problem. Each tensor is mapped lazily from the file on first
 * access (no whole-file copy). Thread-safe for reads.
 */
public final class SafetensorsReader implements StateDict {
    /** Largest header accepted: 100,000,000 bytes, the reference implementation's limit. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private final Path source;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, SafetensorsHeader.Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsReader(Path source, FileChannel channel, long dataStart, Map<String, SafetensorsHeader.Entry> entries,
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
        long allowed = Math.min(size - 8, MAX_HEADER_BYTES);
        if (headerLen < 2 || headerLen > allowed) {
            throw bad(file, "header length " + headerLen + " is out of range (file size " + size
                    + ", allowed 2.." + allowed + ")");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLen);
        readFully(channel, header, 8);
        long dataStart = 8 + headerLen;
        SafetensorsHeader parsed = SafetensorsHeader.parse(file, header.array(), size - dataStart);
        return new SafetensorsReader(file, channel, dataStart, parsed.entries(), parsed.metadata());
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
        return SafetensorsHeader.bad(file, problem);
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
        SafetensorsHeader.Entry e = entry(key);
        long length = e.end() - e.begin();
        if (length == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
        }
        try {
            // A file truncated after open would fault (an Error) on access to the mapping: check first.
            long size = channel.size();
            if (dataStart + e.end() > size) {
                throw new ModelLoadException("safetensors file " + source + " shrank to " + size
                        + " bytes since it was opened; tensor '" + key + "' is no longer in it");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), length)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new ModelLoadException("cannot map tensor '" + key + "' of " + source + ": " + ex.getMessage(), ex);
        }
    }

    /** Reads the tensor with positional file reads (no mapping, so the file's pages never count as ours). */
    @Override
    public void read(String key, ByteBuffer dst) {
        SafetensorsHeader.Entry e = entry(key);
        long length = e.end() - e.begin();
        if (dst.remaining() < length) {
            throw new IllegalArgumentException("buffer has " + dst.remaining() + " bytes left, tensor '" + key
                    + "' needs " + length);
        }
        ByteBuffer target = dst.duplicate();
        target.limit(target.position() + Math.toIntExact(length));
        long position = dataStart + e.begin();
        try {
            while (target.hasRemaining()) {
                int n = channel.read(target, position);
                if (n < 0) {
                    throw new ModelLoadException("safetensors file " + source + " ended inside tensor '" + key
                            + "' (it shrank since it was opened)");
                }
                position += n;
            }
        } catch (IOException ex) {
            throw new ModelLoadException("cannot read tensor '" + key + "' of " + source + ": " + ex.getMessage(), ex);
        }
        dst.position(target.position());
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    private SafetensorsHeader.Entry entry(String key) {
        SafetensorsHeader.Entry e = entries.get(key);
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
