package io.sdjava.samples.textures;

import io.sdjava.SdImage;
import io.sdjava.djl.infotext.PngChunks;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Encodes an {@link SdImage} as an 8-bit RGB PNG with fixed encoder settings (no interlace, filter "none" on
 * every row, one IDAT chunk, zlib level 9, no time or gamma chunks), so that the same pixels and text always
 * give the same bytes. Optionally adds A1111's {@code parameters} text chunk. Stateless.
 */
final class PngWriter {
    private PngWriter() {}

    /**
     * @param image the pixels
     * @param parameters A1111 infotext to store in a {@code parameters} text chunk, or {@code null} for none
     * @return the PNG file's bytes
     */
    static byte[] encode(SdImage image, String parameters) {
        List<PngChunks.Chunk> chunks = new ArrayList<>();
        chunks.add(new PngChunks.Chunk("IHDR", ByteBuffer.allocate(13).putInt(image.width()).putInt(image.height())
                .put((byte) 8) // bit depth
                .put((byte) 2) // colour type: truecolour RGB
                .put((byte) 0).put((byte) 0).put((byte) 0) // deflate, adaptive filtering, no interlace
                .array()));
        if (parameters != null) {
            chunks.add(PngChunks.textChunk("parameters", parameters));
        }
        chunks.add(new PngChunks.Chunk("IDAT", deflate(scanlines(image))));
        chunks.add(new PngChunks.Chunk("IEND", new byte[0]));
        return PngChunks.write(chunks);
    }

    private static byte[] scanlines(SdImage image) {
        byte[] rgb = image.toRgb();
        int stride = image.width() * 3;
        byte[] raw = new byte[(stride + 1) * image.height()];
        for (int y = 0; y < image.height(); y++) {
            raw[y * (stride + 1)] = 0; // filter type none
            System.arraycopy(rgb, y * stride, raw, y * (stride + 1) + 1, stride);
        }
        return raw;
    }

    private static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
