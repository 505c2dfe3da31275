package io.sdjava;

/** Range checks that throw {@link InvalidRequestException} naming the value and the allowed range. */
final class Bounds {
    private Bounds() {}

    static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidRequestException(name + " " + value + " is out of range; allowed: " + min + ".." + max);
        }
        return value;
    }

    static long inRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidRequestException(name + " " + value + " is out of range; allowed: " + min + ".." + max);
        }
        return value;
    }

    static double inRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidRequestException(name + " " + value + " is out of range; allowed: " + min + ".." + max);
        }
        return value;
    }

    /** A pixel size: a multiple of 8 in [min, max]. */
    static int imageSide(String name, int value, int min, int max) {
        if (value < min || value > max || value % 8 != 0) {
            throw new InvalidRequestException(name + " " + value + " is invalid; allowed: a multiple of 8 in "
                    + min + ".." + max);
        }
        return value;
    }

    static String notBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(name + " must not be " + (value == null ? "null" : "blank"));
        }
        return value;
    }

    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new InvalidRequestException(name + " must not be null");
        }
        return value;
    }
}
