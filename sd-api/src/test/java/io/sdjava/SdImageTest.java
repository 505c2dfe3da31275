package io.sdjava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SdImageTest {
    private static final byte[] PIXELS = {(byte) 255, 0, 10, 1, 2, 3, 4, 5, 6, 7, 8, (byte) 200};

    @Test
    void copiesDefensively() {
        byte[] input = PIXELS.clone();
        SdImage image = SdImage.fromRgb(2, 2, input);
        input[0] = 9;
        assertArrayEquals(PIXELS, image.toRgb());
        byte[] output = image.toRgb();
        output[1] = 9;
        assertArrayEquals(PIXELS, image.toRgb());
    }

    @Test
    void convertsToAndFromArgb() {
        SdImage image = SdImage.fromRgb(2, 2, PIXELS);
        int[] argb = image.toArgbPixels();
        assertEquals(0xFFFF000A, argb[0]);
        assertEquals(0xFF0708C8, argb[3]);
        argb[0] = 0x00FF000A; // alpha is ignored
        assertEquals(image, SdImage.fromArgbPixels(2, 2, argb));
        assertEquals(0x010203, image.rgb(1, 0));
        assertEquals(0x040506, image.rgb(0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> image.rgb(2, 0));
    }

    @Test
    void valueSemantics() {
        SdImage a = SdImage.fromRgb(2, 2, PIXELS);
        assertEquals(a, SdImage.fromRgb(2, 2, PIXELS.clone()));
        assertEquals(a.hashCode(), SdImage.fromRgb(2, 2, PIXELS.clone()).hashCode());
        assertNotEquals(a, SdImage.fromRgb(4, 1, PIXELS));
        assertEquals("SdImage[2x2]", a.toString());
    }

    @Test
    void rejectsBadShapes() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> SdImage.fromRgb(2, 2, new byte[11]));
        assertTrue(e.getMessage().contains("11") && e.getMessage().contains("12"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> SdImage.fromRgb(0, 2, new byte[0]));
        assertThrows(InvalidRequestException.class, () -> SdImage.fromRgb(2, 2, null));
        assertThrows(InvalidRequestException.class, () -> SdImage.fromArgbPixels(2, 2, new int[3]));
        assertThrows(InvalidRequestException.class, () -> SdImage.fromRgb(65_536, 65_536, new byte[3]));
    }
}
