package io.sdjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void rendersFillCountAndRate() {
        ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()), "steps");
        assertEquals("sampling [###############...............] 10/20 steps 0.50 s/step",
                bar.render(10, 20, "sampling", 10, 5.0));
        assertEquals("[..............................] 0/3 steps", bar.render(0, 3, "", 0, 0));
    }

    @Test
    void redrawsInPlaceAndStartsANewLineForANewLabel() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), "tiles");
        bar.update(1, 2, "pass 1");
        bar.update(2, 2, "pass 1");
        bar.update(1, 2, "pass 2");
        bar.finish();
        String out = text.toString();
        assertEquals(2, out.chars().filter(c -> c == '\n').count(), out);
        assertTrue(out.startsWith("\rpass 1 [###############...............] 1/2 tiles\rpass 1 [####"), out);
        assertTrue(out.contains("\n\rpass 2 ["), out);
        assertTrue(out.endsWith(System.lineSeparator()), out);
    }
}
