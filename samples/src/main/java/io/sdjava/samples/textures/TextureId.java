package io.sdjava.samples.textures;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Where a texture goes in a resource pack: {@code namespace:kind/name}, e.g. {@code minecraft:block/stone} or
 * {@code mymod:item/gems/ruby}. As in Minecraft, a missing namespace means {@code minecraft}. Namespaces and
 * names use Minecraft's resource-location characters ({@code a-z 0-9 _ - .}, and {@code /} between name
 * segments); the kind is {@code block} or {@code item}.
 *
 * @param namespace the namespace, e.g. {@code minecraft}
 * @param kind {@code block} or {@code item}
 * @param name the texture name inside the kind folder, without {@code .png}
 */
record TextureId(String namespace, String kind, String name) {
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9_.-]+");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_.-]+(/[a-z0-9_.-]+)*");

    /**
     * @param text the id as written in the spec
     * @param problems receives one message per problem
     * @return the id, or empty if {@code text} is malformed
     */
    static Optional<TextureId> parse(String text, Consumer<String> problems) {
        int colon = text.indexOf(':');
        String namespace = colon < 0 ? "minecraft" : text.substring(0, colon);
        String path = text.substring(colon + 1);
        if (!NAMESPACE.matcher(namespace).matches()) {
            problems.accept("bad namespace '" + namespace + "' in id '" + text
                    + "': use lower-case a-z, 0-9, '_', '-', '.' (e.g. minecraft:block/stone, mymod:item/gem)");
            return Optional.empty();
        }
        int slash = path.indexOf('/');
        String kind = slash < 0 ? "" : path.substring(0, slash);
        if (!kind.equals("block") && !kind.equals("item")) {
            problems.accept("id '" + text + "' must name a block or item texture: namespace:block/name or "
                    + "namespace:item/name");
            return Optional.empty();
        }
        String name = path.substring(slash + 1);
        if (!NAME.matcher(name).matches()) {
            problems.accept("bad texture name '" + name + "' in id '" + text
                    + "': use lower-case a-z, 0-9, '_', '-', '.' and '/' between folders");
            return Optional.empty();
        }
        return Optional.of(new TextureId(namespace, kind, name));
    }

    /** @return the PNG's path inside the pack, e.g. {@code assets/minecraft/textures/block/stone.png} */
    String packPath() {
        return "assets/" + namespace + "/textures/" + kind + "/" + name + ".png";
    }

    /** @return {@code namespace:kind/name} */
    @Override
    public String toString() {
        return namespace + ":" + kind + "/" + name;
    }
}
