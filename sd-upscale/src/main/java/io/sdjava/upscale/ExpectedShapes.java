package io.sdjava.upscale;

/** The tensor shapes an {@link RrdbArchitecture} implies, by canonical (new-arch) name. */
final class ExpectedShapes {
    private ExpectedShapes() {}

    /**
     * @param name a canonical name such as {@code body.0.rdb2.conv3.weight}
     * @param arch the architecture
     * @return the expected shape
     */
    static long[] of(String name, RrdbArchitecture arch) {
        boolean weight = name.endsWith(".weight");
        String conv = name.substring(0, name.lastIndexOf('.'));
        int nf = arch.numFeat();
        int gc = arch.numGrowCh();
        long out;
        long in;
        if (conv.equals("conv_first")) {
            out = nf;
            in = arch.firstConvInChannels();
        } else if (conv.equals("conv_last")) {
            out = arch.numOutCh();
            in = nf;
        } else if (conv.startsWith("body.")) {
            int k = conv.charAt(conv.length() - 1) - '0';
            out = k == 5 ? nf : gc;
            in = nf + (long) (k - 1) * gc;
        } else {
            out = nf;
            in = nf;
        }
        return weight ? new long[] {out, in, 3, 3} : new long[] {out};
    }
}
