package io.sdjava.upscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sdjava.UnsupportedModelException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Layout and architecture detection on synthetic shape maps (the full-size inventories are golden cases). */
class EsrganKeyLayoutTest {
    static String toBsrgan(String key) {
        return key.replaceFirst("^body\\.(\\d+)\\.rdb(\\d)", "RRDB_trunk.$1.RDB$2").replace("conv_body", "trunk_conv")
                .replaceFirst("^conv_up(\\d)", "upconv$1").replace("conv_hr", "HRconv");
    }

    private static Map<String, long[]> shapes(RrdbArchitecture arch) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (String name : RrdbNet.canonicalNames(arch)) {
            out.put(name, ExpectedShapes.of(name, arch));
        }
        return out;
    }

    private static Map<String, long[]> renamed(Map<String, long[]> shapes, java.util.function.UnaryOperator<String> f) {
        Map<String, long[]> out = new LinkedHashMap<>();
        shapes.forEach((k, v) -> out.put(f.apply(k), v));
        return out;
    }

    @Test
    void detectsScaleFromUpsampleConvsAndUnshuffle() {
        for (RrdbArchitecture arch : List.of(new RrdbArchitecture(3, 3, 64, 23, 32, 2, 1),
                new RrdbArchitecture(3, 3, 64, 23, 32, 2, 2), new RrdbArchitecture(3, 3, 32, 4, 16, 2, 4),
                new RrdbArchitecture(3, 3, 64, 23, 32, 3, 1), new RrdbArchitecture(1, 1, 8, 1, 4, 1, 1))) {
            EsrganKeyLayout layout = EsrganKeyLayout.detect(shapes(arch));
            assertEquals(arch, layout.architecture());
            assertEquals(EsrganKeyLayout.Kind.NEW_ARCH, layout.kind());
        }
        assertEquals(1, new RrdbArchitecture(3, 3, 32, 4, 16, 2, 4).scale());
        assertEquals(8, new RrdbArchitecture(3, 3, 64, 23, 32, 3, 1).scale());
    }

    @Test
    void unwrapsParamsEmaInPreferenceToParams() {
        RrdbArchitecture ema = new RrdbArchitecture(3, 3, 16, 2, 8, 2, 1);
        RrdbArchitecture plain = new RrdbArchitecture(3, 3, 16, 1, 8, 2, 1);
        Map<String, long[]> both = new LinkedHashMap<>(renamed(shapes(plain), k -> "params." + k));
        both.putAll(renamed(shapes(ema), k -> "params_ema." + k));
        EsrganKeyLayout layout = EsrganKeyLayout.detect(both);
        assertEquals(ema, layout.architecture());
        assertEquals("params_ema.conv_first.weight", layout.sourceKey("conv_first.weight"));
        assertEquals(plain, EsrganKeyLayout.detect(renamed(shapes(plain), k -> "params." + k)).architecture());
    }

    @Test
    void mapsBsrganNames() {
        RrdbArchitecture arch = new RrdbArchitecture(3, 3, 64, 23, 32, 2, 1);
        EsrganKeyLayout layout = EsrganKeyLayout.detect(renamed(shapes(arch), EsrganKeyLayoutTest::toBsrgan));
        assertEquals(EsrganKeyLayout.Kind.BSRGAN, layout.kind());
        assertEquals(arch, layout.architecture());
        assertEquals("RRDB_trunk.22.RDB3.conv5.bias", layout.sourceKey("body.22.rdb3.conv5.bias"));
        assertEquals("HRconv.weight", layout.sourceKey("conv_hr.weight"));
    }

    @Test
    void mapsOldKeysOfAnX2EsrganWithOneUpsample() {
        RrdbArchitecture arch = new RrdbArchitecture(3, 3, 16, 2, 8, 1, 1);
        Map<String, long[]> old = renamed(shapes(arch), k -> k
                .replaceFirst("^body\\.(\\d+)\\.rdb(\\d)\\.conv(\\d)", "model.1.sub.$1.RDB$2.conv$3.0")
                .replace("conv_first", "model.0").replace("conv_body", "model.1.sub.2").replace("conv_up1", "model.3")
                .replace("conv_hr", "model.5").replace("conv_last", "model.7"));
        EsrganKeyLayout layout = EsrganKeyLayout.detect(old);
        assertEquals(EsrganKeyLayout.Kind.OLD_ESRGAN, layout.kind());
        assertEquals(arch, layout.architecture());
        assertEquals(2, arch.scale());
        assertEquals("model.5.weight", layout.sourceKey("conv_hr.weight"));
    }

    @Test
    void rejectsOtherStateDictsNamingTheLayouts() {
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> EsrganKeyLayout.detect(Map.of("model.diffusion_model.x.weight", new long[] {1})));
        assertTrue(e.getMessage().contains("old ESRGAN"), e.getMessage());
    }
}
