package io.sdjava.djl.infotext;

import io.sdjava.ModelLoadException;
import io.sdjava.io.SafetensorsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The file hashes A1111 writes into infotext: {@code Model hash} (sha256, 10 hex), the legacy 8-hex model hash,
 * the addnet hash of a safetensors file's tensor data, and the short hashes of LoRA (12 hex) and textual-inversion
 * files. Thread-safe (stateless).
 */
public final class FileHashes {
    private static final int BUFFER = 1 << 20;

    private FileHashes() {}

    /**
     * @param file any file
     * @return the lower-case hex sha256 of the whole file
     */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = sha256Digest();
            byte[] buf = new byte[BUFFER];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelLoadException("cannot hash " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param checkpoint a checkpoint file
     * @return the infotext {@code Model hash}: first 10 hex of its sha256
     */
    public static String modelHash(Path checkpoint) {
        return sha256(checkpoint).substring(0, 10);
    }

    /**
     * A1111's legacy model hash: sha256 of the 0x10000 bytes at offset 0x100000 (an empty read for small files).
     *
     * @param file a checkpoint file
     * @return the first 8 hex
     */
    public static String legacyModelHash(Path file) {
        return hashRange(file, 0x100000L, 0x10000L).substring(0, 8);
    }

    /**
     * The addnet hash of a {@code .safetensors} file: sha256 of everything after the 8-byte length and the header.
     *
     * @param safetensors a safetensors file
     * @return the full lower-case hex hash
     */
    public static String addnetHash(Path safetensors) {
        try (FileChannel ch = FileChannel.open(safetensors, StandardOpenOption.READ)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (len.hasRemaining() && ch.read(len, len.position()) > 0) {
                // keep reading the 8-byte length
            }
            if (len.hasRemaining()) {
                throw new ModelLoadException("cannot compute addnet hash of " + safetensors + ": file is too short");
            }
            long offset = len.getLong(0) + 8;
            return hashRange(safetensors, offset, Long.MAX_VALUE);
        } catch (IOException e) {
            throw new ModelLoadException("cannot hash " + safetensors + ": " + e.getMessage(), e);
        }
    }

    /**
     * The short hash A1111 writes in {@code Lora hashes}: the file's {@code sshs_model_hash} metadata if present,
     * else its addnet hash for a safetensors file, else its sha256; the first 12 hex.
     *
     * @param lora a LoRA-family network file
     * @return 12 hex characters
     */
    public static String loraShortHash(Path lora) {
        if (lora.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors")) {
            try (SafetensorsReader reader = SafetensorsReader.open(lora)) {
                String sshs = reader.metadata().get("sshs_model_hash");
                if (sshs != null && !sshs.isEmpty()) {
                    return sshs.substring(0, Math.min(12, sshs.length()));
                }
            }
            return addnetHash(lora).substring(0, 12);
        }
        return sha256(lora).substring(0, 12);
    }

    /**
     * @param embedding a textual-inversion file
     * @return the first 12 hex of its sha256, as in {@code TI hashes}
     */
    public static String embeddingShortHash(Path embedding) {
        return sha256(embedding).substring(0, 12);
    }

    private static String hashRange(Path file, long offset, long length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest digest = sha256Digest();
            long end = Math.min(ch.size(), length == Long.MAX_VALUE ? Long.MAX_VALUE : offset + length);
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            for (long pos = offset; pos < end; ) {
                buf.clear();
                buf.limit((int) Math.min(BUFFER, end - pos));
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                digest.update(buf.array(), 0, n);
                pos += n;
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelLoadException("cannot hash " + file + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
