package io.sdjava.djl.network;

import io.sdjava.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code <lora:name:...>} tag's request: the network name and its text-encoder and UNet multipliers, parsed from
 * the tag's arguments as A1111's Lora extension does ({@code name[:te[:unet[:dyn]]]}, named {@code te=}, {@code unet=},
 * {@code dyn=} override positional ones; unet defaults to te, te to 1).
 *
 * @param name the network name as written
 * @param te text-encoder multiplier
 * @param unet UNet multiplier
 * @param dynDim the {@code dyn} rank limit, or {@code null}
 */
public record NetworkActivation(String name, double te, double unet, Integer dynDim) {
    /**
     * @param args the tag's arguments after {@code lora:}, split on {@code :}
     * @return the activation
     * @throws InvalidRequestException if the name is missing or a multiplier is not a number
     */
    public static NetworkActivation parse(List<String> args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> named = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                named.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
            } else {
                positional.add(a.trim());
            }
        }
        if (positional.isEmpty() || positional.get(0).isEmpty()) {
            throw new InvalidRequestException("a <lora:...> tag needs a name, got arguments " + args);
        }
        double te = positional.size() > 1 ? number(positional.get(1), "te") : 1.0;
        te = named.containsKey("te") ? number(named.get("te"), "te") : te;
        double unet = positional.size() > 2 ? number(positional.get(2), "unet") : te;
        unet = named.containsKey("unet") ? number(named.get("unet"), "unet") : unet;
        Integer dyn = positional.size() > 3 ? (int) number(positional.get(3), "dyn") : null;
        dyn = named.containsKey("dyn") ? Integer.valueOf((int) number(named.get("dyn"), "dyn")) : dyn;
        return new NetworkActivation(positional.get(0), te, unet, dyn);
    }

    private static double number(String text, String what) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("LoRA " + what + " multiplier '" + text + "' is not a number");
        }
    }
}
