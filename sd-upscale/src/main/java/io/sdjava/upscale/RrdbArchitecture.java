package io.sdjava.upscale;

/**
 * Hyperparameters of an RRDBNet as detected from its weights.
 *
 * @param numInCh image channels (before pixel-unshuffle)
 * @param numOutCh image channels produced
 * @param numFeat features of {@code conv_first}
 * @param numBlock RRDB blocks in the body
 * @param numGrowCh grow channels of the dense blocks
 * @param numUpsamples nearest x2 upsample stages (2 for the usual x4 body)
 * @param unshuffle pixel-unshuffle factor applied to the input (1 = none, 2 for x2 models, 4 for x1 models)
 */
record RrdbArchitecture(int numInCh, int numOutCh, int numFeat, int numBlock, int numGrowCh, int numUpsamples,
        int unshuffle) {
    RrdbArchitecture {
        if (numInCh <= 0 || numOutCh <= 0 || numFeat <= 0 || numBlock <= 0 || numGrowCh <= 0 || numUpsamples < 0) {
            throw new IllegalArgumentException("invalid RRDBNet architecture " + numInCh + "/" + numOutCh + "/"
                    + numFeat + "/" + numBlock + "/" + numGrowCh + "/" + numUpsamples);
        }
        if (unshuffle != 1 && unshuffle != 2 && unshuffle != 4) {
            throw new IllegalArgumentException("pixel-unshuffle factor must be 1, 2 or 4, got " + unshuffle);
        }
    }

    /** @return the output/input size ratio: {@code 2^numUpsamples / unshuffle} (may be 1) */
    int scale() {
        return (1 << numUpsamples) / unshuffle;
    }

    /** @return the size the input is padded to a multiple of (as the WebUI loader reports it) */
    int multipleOf() {
        return unshuffle == 1 ? 1 : 4;
    }

    /** @return the channels {@code conv_first} takes */
    int firstConvInChannels() {
        return numInCh * unshuffle * unshuffle;
    }
}
