package io.sdjava.djl.text;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTML 4 named character references (Latin-1, symbols, Greek, specials) plus numeric references, decoded as
 * Python's {@code html.unescape} does for a complete {@code &...;} reference. The HTML5 additions (over 2,000 rare
 * names) are not included; such references stay as written.
 */
final class HtmlEntities {
    private static final String LATIN1 = "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy"
            + " reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34"
            + " iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute"
            + " Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute"
            + " THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave"
            + " iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml"
            + " yacute thorn yuml";
    private static final String GREEK_UPPER = "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu"
            + " Xi Omicron Pi Rho - Sigma Tau Upsilon Phi Chi Psi Omega";
    private static final String GREEK_LOWER = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu"
            + " xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega";
    private static final String OTHERS = "quot 34 amp 38 apos 39 lt 60 gt 62 OElig 338 oelig 339 Scaron 352"
            + " scaron 353 Yuml 376 fnof 402 circ 710 tilde 732 thetasym 977 upsih 978 piv 982 ensp 8194 emsp 8195"
            + " thinsp 8201 zwnj 8204 zwj 8205 lrm 8206 rlm 8207 ndash 8211 mdash 8212 lsquo 8216 rsquo 8217"
            + " sbquo 8218 ldquo 8220 rdquo 8221 bdquo 8222 dagger 8224 Dagger 8225 bull 8226 hellip 8230"
            + " permil 8240 prime 8242 Prime 8243 lsaquo 8249 rsaquo 8250 oline 8254 frasl 8260 euro 8364"
            + " image 8465 weierp 8472 real 8476 trade 8482 alefsym 8501 larr 8592 uarr 8593 rarr 8594 darr 8595"
            + " harr 8596 crarr 8629 lArr 8656 uArr 8657 rArr 8658 dArr 8659 hArr 8660 forall 8704 part 8706"
            + " exist 8707 empty 8709 nabla 8711 isin 8712 notin 8713 ni 8715 prod 8719 sum 8721 minus 8722"
            + " lowast 8727 radic 8730 prop 8733 infin 8734 ang 8736 and 8743 or 8744 cap 8745 cup 8746 int 8747"
            + " there4 8756 sim 8764 cong 8773 asymp 8776 ne 8800 equiv 8801 le 8804 ge 8805 sub 8834 sup 8835"
            + " nsub 8836 sube 8838 supe 8839 oplus 8853 otimes 8855 perp 8869 sdot 8901 lceil 8968 rceil 8969"
            + " lfloor 8970 rfloor 8971 lang 9001 rang 9002 loz 9674 spades 9824 clubs 9827 hearts 9829 diams 9830";
    /** Python's html module maps numeric references 0x80-0x9F through windows-1252. */
    private static final Map<String, String> NAMED = build();

    private HtmlEntities() {}

    private static Map<String, String> build() {
        Map<String, String> map = new HashMap<>();
        String[] latin = LATIN1.split(" ");
        for (int i = 0; i < latin.length; i++) {
            map.put(latin[i], String.valueOf((char) (160 + i)));
        }
        String[] upper = GREEK_UPPER.split(" ");
        String[] lower = GREEK_LOWER.split(" ");
        for (int i = 0; i < upper.length; i++) {
            if (!upper[i].equals("-")) {
                map.put(upper[i], String.valueOf((char) (913 + i)));
            }
            map.put(lower[i], String.valueOf((char) (945 + i)));
        }
        String[] others = OTHERS.split(" ");
        for (int i = 0; i < others.length; i += 2) {
            map.put(others[i], new String(Character.toChars(Integer.parseInt(others[i + 1]))));
        }
        return Map.copyOf(map);
    }

    /**
     * @param reference a complete reference such as {@code &amp;}, {@code &#233;} or {@code &#xE9;}
     * @return its text, or empty when it is not a known reference
     */
    static Optional<String> decode(String reference) {
        String body = reference.substring(1, reference.length() - 1);
        if (body.startsWith("#")) {
            return numeric(body.substring(1));
        }
        String named = NAMED.get(body);
        if (named != null) {
            return Optional.of(named);
        }
        // ftfy also accepts the upper-case spelling of a lower-case name (&EACUTE; -> upper-cased É)
        String lowerName = body.toLowerCase(java.util.Locale.ROOT);
        if (body.equals(body.toUpperCase(java.util.Locale.ROOT)) && NAMED.containsKey(lowerName)) {
            return Optional.of(NAMED.get(lowerName).toUpperCase(java.util.Locale.ROOT));
        }
        return Optional.empty();
    }

    private static Optional<String> numeric(String digits) {
        if (!digits.matches("[0-9]+|[xX][0-9A-Fa-f]+")) {
            return Optional.empty();
        }
        boolean hex = digits.charAt(0) == 'x' || digits.charAt(0) == 'X';
        java.math.BigInteger big = new java.math.BigInteger(hex ? digits.substring(1) : digits, hex ? 16 : 10);
        if (big.bitLength() > 31) {
            return Optional.of("\uFFFD");
        }
        int code = big.intValue();
        if (code == 0) {
            return Optional.of("\uFFFD");
        }
        if (code == 0x0D) {
            return Optional.of("\r");
        }
        if (code >= 0x80 && code <= 0x9F) {
            return Optional.of(String.valueOf(Windows1252.toChar(code)));
        }
        if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return Optional.of("\uFFFD");
        }
        if (invalidCodePoint(code)) {
            return Optional.of("");
        }
        return Optional.of(new String(Character.toChars(code)));
    }

    /** Python's {@code html._invalid_codepoints}: control characters and noncharacters decode to nothing. */
    private static boolean invalidCodePoint(int code) {
        return (code >= 0x1 && code <= 0x8) || code == 0xB || (code >= 0xE && code <= 0x1F) || code == 0x7F
                || (code >= 0xFDD0 && code <= 0xFDEF) || (code & 0xFFFE) == 0xFFFE;
    }
}
