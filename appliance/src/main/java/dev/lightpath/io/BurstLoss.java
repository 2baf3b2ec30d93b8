package dev.lightpath.io;

import java.util.SplittableRandom;

/**
 * One direction's walk through a {@link GilbertElliott} chain: each frame is lost or not by the current state's
 * loss probability, then the state moves. Its random stream is its own, so turning burst loss on does not change
 * which frames the other impairments pick for a given seed.
 */
final class BurstLoss {
    private final GilbertElliott model;
    private final SplittableRandom random;
    private boolean bad;

    BurstLoss(GilbertElliott model, long seed) {
        this.model = model;
        this.random = new SplittableRandom(seed);
    }

    /** Whether this frame is lost; moves the chain one step. */
    boolean loses() {
        double loss = bad ? model.badLoss() : model.goodLoss();
        boolean lost = loss > 0 && random.nextDouble() < loss;
        double move = bad ? model.r() : model.p();
        if (move > 0 && random.nextDouble() < move) {
            bad = !bad;
        }
        return lost;
    }

    boolean inBadState() {
        return bad;
    }
}
