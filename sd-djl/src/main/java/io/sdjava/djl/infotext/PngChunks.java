package io.sdjava.djl.infotext;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads and writes the chunks of a PNG file, and its text chunks as A1111's {@code images.save_image} writes them:
 * one {@code tEXt} chunk (Latin-1) when the text is Latin-1 encodable, else an uncompressed {@code iTXt} chunk
 * (UTF-8, empty language tag and translated keyword), placed right after {@code IHDR}. Thread-safe (stateless).
 */
public final class PngChunks {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** Text larger than this is refused when reading (guards against hostile files). */
    private static final int MAX_TEXT_BYTES = 16 * 1024 * 1024;

    private PngChunks() {}

    /**
     * One chunk.
     *
     * @param type the four-letter type, e.g. {@code "IHDR"}
     * @param data the chunk data (without length, type and CRC)
     */
    public record Chunk(String type, byte[] data) {
        /** Copies the data. */
        public Chunk {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** @return the data length */
        public int length() {
            return data.length;
        }

        /** @return the keyword of a tEXt/iTXt/zTXt chunk, else empty */
        public Optional<String> keyword() {
            if (!isText()) {
                return Optional.empty();
            }
            int nul = indexOf(data, (byte) 0, 0);
            return Optional.of(new String(data, 0, nul < 0 ? data.length : nul, StandardCharsets.ISO_8859_1));
        }

        boolean isText() {
            return type.equals("tEXt") || type.equals("iTXt") || type.equals("zTXt");
        }
    }

    /**
     * @param png a PNG file's bytes
     * @return its chunks in order
     * @throws IllegalArgumentException if the bytes are not a well-formed PNG (bad signature, truncated, bad CRC)
     */
    public static List<Chunk> read(byte[] png) {
        if (png.length < SIGNATURE.length || !Arrays.equals(Arrays.copyOf(png, SIGNATURE.length), SIGNATURE)) {
            throw new IllegalArgumentException("not a PNG file (bad signature)");
        }
        List<Chunk> chunks = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(SIGNATURE.length);
        while (b.hasRemaining()) {
            if (b.remaining() < 12) {
                throw new IllegalArgumentException("truncated PNG chunk at offset " + b.position());
            }
            long length = b.getInt() & 0xffffffffL;
            if (length > b.remaining() - 8) {
                throw new IllegalArgumentException("PNG chunk length " + length + " exceeds the file");
            }
            byte[] typeBytes = new byte[4];
            b.get(typeBytes);
            byte[] data = new byte[(int) length];
            b.get(data);
            int crc = b.getInt();
            if (crc != crc(typeBytes, data)) {
                throw new IllegalArgumentException("bad CRC in PNG chunk " + new String(typeBytes, StandardCharsets.ISO_8859_1));
            }
            chunks.add(new Chunk(new String(typeBytes, StandardCharsets.ISO_8859_1), data));
            if (chunks.get(chunks.size() - 1).type().equals("IEND")) {
                break;
            }
        }
        return chunks;
    }

    /**
     * @param chunks chunks, the first being IHDR
     * @return the PNG file bytes
     */
    public static byte[] write(List<Chunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        for (Chunk c : chunks) {
            byte[] type = c.type().getBytes(StandardCharsets.ISO_8859_1);
            byte[] data = c.data;
            out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
            out.writeBytes(type);
            out.writeBytes(data);
            out.writeBytes(ByteBuffer.allocate(4).putInt(crc(type, data)).array());
        }
        return out.toByteArray();
    }

    /**
     * Builds the text chunk A1111 writes for a keyword and text.
     *
     * @param keyword e.g. {@code "parameters"}
     * @param text the text
     * @return a tEXt chunk if the text is Latin-1 encodable, else an uncompressed iTXt chunk
     */
    public static Chunk textChunk(String keyword, String text) {
        CharsetEncoder latin1 = StandardCharsets.ISO_8859_1.newEncoder();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(keyword.getBytes(StandardCharsets.ISO_8859_1));
        data.write(0);
        if (latin1.canEncode(text)) {
            data.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
            return new Chunk("tEXt", data.toByteArray());
        }
        data.write(0); // compression flag: uncompressed
        data.write(0); // compression method
        data.write(0); // empty language tag
        data.write(0); // empty translated keyword
        data.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return new Chunk("iTXt", data.toByteArray());
    }

    /**
     * Replaces any text chunk with this keyword and inserts the new one right after IHDR.
     *
     * @param png a PNG file's bytes
     * @param keyword e.g. {@code "parameters"}
     * @param text the text
     * @return the new PNG bytes
     */
    public static byte[] withText(byte[] png, String keyword, String text) {
        List<Chunk> chunks = new ArrayList<>();
        for (Chunk c : read(png)) {
            if (!(c.isText() && c.keyword().orElse("").equals(keyword))) {
                chunks.add(c);
            }
        }
        if (chunks.isEmpty() || !chunks.get(0).type().equals("IHDR")) {
            throw new IllegalArgumentException("PNG does not start with IHDR");
        }
        chunks.add(1, textChunk(keyword, text));
        return write(chunks);
    }

    /**
     * @param png a PNG file's bytes
     * @param keyword e.g. {@code "parameters"}
     * @return the decoded text of the first tEXt/iTXt/zTXt chunk with this keyword
     */
    public static Optional<String> text(byte[] png, String keyword) {
        for (Chunk c : read(png)) {
            if (c.isText() && c.keyword().orElse("").equals(keyword)) {
                return Optional.of(decodeText(c));
            }
        }
        return Optional.empty();
    }

    static String decodeText(Chunk c) {
        byte[] d = c.data;
        int pos = indexOf(d, (byte) 0, 0) + 1;
        switch (c.type()) {
            case "tEXt":
                return new String(d, pos, d.length - pos, StandardCharsets.ISO_8859_1);
            case "zTXt":
                return new String(inflate(Arrays.copyOfRange(d, pos + 1, d.length)), StandardCharsets.ISO_8859_1);
            default:
                boolean compressed = d[pos] != 0;
                int lang = indexOf(d, (byte) 0, pos + 2);
                int translated = indexOf(d, (byte) 0, lang + 1);
                if (lang < 0 || translated < 0) {
                    throw new IllegalArgumentException("malformed iTXt chunk");
                }
                byte[] body = Arrays.copyOfRange(d, translated + 1, d.length);
                return new String(compressed ? inflate(body) : body, StandardCharsets.UTF_8);
        }
    }

    private static byte[] inflate(byte[] data) {
        Inflater inflater = new Inflater();
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("truncated compressed PNG text");
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_TEXT_BYTES) {
                    throw new IllegalArgumentException("compressed PNG text is larger than " + MAX_TEXT_BYTES + " bytes");
                }
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt compressed PNG text", e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte value, int from) {
        for (int i = Math.max(0, from); i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static int crc(byte[] type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data);
        return (int) crc.getValue();
    }
}
