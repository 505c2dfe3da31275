package io.sdjava.tagger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sdjava.SdImage;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class TaggerImageReaderTest {
    @Test
    void grayscaleKeepsItsSampleValues() {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 128);
        gray.getRaster().setSample(1, 0, 0, 37);
        // getRGB() would convert from linear gray and change these values
        assertArrayEquals(new byte[] {(byte) 128, (byte) 128, (byte) 128, 37, 37, 37},
                TaggerImageReader.fromBufferedImage(gray).toRgb());
    }

    @Test
    void sixteenBitSamplesKeepTheirHighByte() {
        BufferedImage gray = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray.getRaster().setSample(0, 0, 0, 0x80ff);
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80},
                TaggerImageReader.fromBufferedImage(gray).toRgb());
    }

    @Test
    void alphaIsCompositedOnWhiteWithPillowsFormula() {
        BufferedImage rgba = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0x80000000);  // black, alpha 128
        rgba.setRGB(1, 0, 0x00123456);  // fully transparent
        rgba.setRGB(2, 0, 0xff0a141e);  // opaque (10, 20, 30)
        SdImage out = TaggerImageReader.fromBufferedImage(rgba);
        assertArrayEquals(new byte[] {127, 127, 127, (byte) 255, (byte) 255, (byte) 255, 10, 20, 30}, out.toRgb());
        assertEquals(127, TaggerImageReader.onWhite(0, 128));
        assertEquals(255, TaggerImageReader.onWhite(200, 0));
        assertEquals(200, TaggerImageReader.onWhite(200, 255));
    }
}
