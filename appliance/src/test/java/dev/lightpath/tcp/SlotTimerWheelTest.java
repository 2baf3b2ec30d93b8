package dev.lightpath.tcp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The timer wheel that links the connection slots: a timer fires at the first poll once its tick has ended and its
 * deadline has come, never before; timers of later rotations wait in their spoke; every slot can be due in one
 * tick; cancelling and rescheduling leave the other lists whole, also from inside a firing.
 */
class SlotTimerWheelTest {
    static final int SHIFT = 10;
    static final long TICK = 1L << SHIFT;

    /** Records each firing as (slot, now). */
    static final class Fired implements SlotTimerWheel.Expiry {
        final List<long[]> fired = new ArrayList<>();

        @Override
        public void onExpiry(int slot, long now) {
            fired.add(new long[] {slot, now});
        }
    }

    @Test
    void aTimerFiresAtTheFirstPollAfterItsTickEndsAndNotBefore() {
        SlotTimerWheel wheel = new SlotTimerWheel(4, 0, SHIFT, 8);
        Fired handler = new Fired();
        wheel.schedule(2, 3 * TICK + 5);
        assertTrue(wheel.scheduled(2));
        assertEquals(3 * TICK + 5, wheel.deadline(2));
        assertEquals(0, wheel.poll(3 * TICK + 5, handler), "its tick has not ended");
        assertEquals(0, wheel.poll(4 * TICK - 1, handler));
        assertEquals(1, wheel.poll(4 * TICK, handler));
        assertEquals(2, handler.fired.get(0)[0]);
        assertFalse(wheel.scheduled(2));
        assertEquals(0, wheel.timerCount());
    }

    @Test
    void aTimerOfALaterRotationWaitsInItsSpoke() {
        SlotTimerWheel wheel = new SlotTimerWheel(2, 0, SHIFT, 8);
        Fired handler = new Fired();
        long deadline = 8 * TICK * 3 + 2 * TICK + 1;
        wheel.schedule(0, deadline);
        for (long now = 0; now < deadline - 1 + TICK; now += TICK / 2) {
            wheel.poll(now, handler);
        }
        assertTrue(handler.fired.isEmpty(), "passed over in every earlier rotation");
        wheel.poll(deadline - 1 + TICK, handler);
        assertEquals(1, handler.fired.size());
    }

    @Test
    void aPollMoreThanARotationLateFiresWhatIsDueAsItPassesTheSpokeBeforeItsTickEnds() {
        SlotTimerWheel wheel = new SlotTimerWheel(2, 0, SHIFT, 8);
        Fired handler = new Fired();
        long deadline = 20 * TICK + 5;
        wheel.schedule(0, deadline);
        assertEquals(1, wheel.poll(deadline, handler), "the catch-up walked its spoke at tick 12, with it due");
        wheel.schedule(1, 30 * TICK + 5);
        assertEquals(0, wheel.poll(28 * TICK, handler));
        assertEquals(0, wheel.poll(30 * TICK + 5, handler), "a poll within the rotation waits for the tick to end");
        assertEquals(1, wheel.poll(31 * TICK, handler));
    }

    @Test
    void everySlotDueInOneTickFiresWithoutTheWheelGrowing() {
        int slots = 10_000;
        SlotTimerWheel wheel = new SlotTimerWheel(slots, 0, SHIFT, 16);
        Fired handler = new Fired();
        for (int i = 0; i < slots; i++) {
            wheel.schedule(i, 5 * TICK + (i % TICK));
        }
        assertEquals(slots, wheel.timerCount());
        assertEquals(slots, wheel.poll(6 * TICK, handler));
        assertEquals(0, wheel.timerCount());
    }

    @Test
    void aTimerAlreadyDueWhenSetFiresAtTheEndOfTheCurrentTick() {
        SlotTimerWheel wheel = new SlotTimerWheel(2, 0, SHIFT, 8);
        Fired handler = new Fired();
        wheel.schedule(1, 10 * TICK);
        wheel.poll(5 * TICK + 1, handler);
        wheel.schedule(0, TICK);
        assertEquals(0, wheel.poll(6 * TICK - 1, handler));
        assertEquals(1, wheel.poll(6 * TICK, handler));
        assertEquals(0, handler.fired.get(0)[0]);
    }

    @Test
    void aFiringThatSetsAnotherDueTimerSeesItFireAtTheNextTickNotARotationLater() {
        SlotTimerWheel wheel = new SlotTimerWheel(2, 0, SHIFT, 8);
        List<Long> firings = new ArrayList<>();
        SlotTimerWheel.Expiry handler = (slot, now) -> {
            firings.add(now);
            if (firings.size() == 1) {
                wheel.schedule(slot, now - TICK);
            }
        };
        wheel.schedule(0, TICK);
        assertEquals(1, wheel.poll(2 * TICK, handler), "a walk ends, the timer set again is in the next tick");
        assertEquals(1, wheel.timerCount());
        assertEquals(1, wheel.poll(3 * TICK, handler));
        assertEquals(List.of(2 * TICK, 3 * TICK), firings);
    }

    @Test
    void cancellingFromInsideAFiringTakesTheOtherTimerOffTheSpokeBeingWalked() {
        SlotTimerWheel wheel = new SlotTimerWheel(3, 0, SHIFT, 8);
        Fired recorder = new Fired();
        SlotTimerWheel.Expiry handler = (slot, now) -> {
            recorder.onExpiry(slot, now);
            wheel.cancel(1);
        };
        wheel.schedule(0, 2 * TICK);
        wheel.schedule(1, 2 * TICK + 1);
        wheel.schedule(2, 2 * TICK + 2);
        assertEquals(2, wheel.poll(3 * TICK, handler));
        assertEquals(0, recorder.fired.get(0)[0]);
        assertEquals(2, recorder.fired.get(1)[0]);
        assertEquals(0, wheel.timerCount());
    }

    @Test
    void anEmptyWheelSkipsToNow() {
        SlotTimerWheel wheel = new SlotTimerWheel(1, 0, SHIFT, 8);
        Fired handler = new Fired();
        wheel.poll(1_000_000 * TICK + 7, handler);
        assertEquals(1_000_001 * TICK, wheel.currentTickTime());
        wheel.schedule(0, 1_000_000 * TICK + 9);
        assertEquals(1, wheel.poll(1_000_001 * TICK, handler));
    }

    /** Against a plain list of deadlines: each timer fires once, at the first poll at or after its tick's end. */
    @Test
    void agreesWithAPlainModelUnderRandomScheduling() {
        Random random = new Random(19);
        int slots = 64;
        SlotTimerWheel wheel = new SlotTimerWheel(slots, 0, SHIFT, 16);
        long[] model = new long[slots];
        List<long[]> fired = new ArrayList<>();
        long now = 0;
        for (int step = 0; step < 20_000; step++) {
            int slot = random.nextInt(slots);
            switch (random.nextInt(3)) {
                case 0 -> {
                    long deadline = now + random.nextInt((int) (40 * TICK));
                    wheel.schedule(slot, deadline);
                    model[slot] = Math.max(deadline, now);
                }
                case 1 -> {
                    wheel.cancel(slot);
                    model[slot] = 0;
                }
                default -> {
                    now += random.nextInt((int) (3 * TICK));
                    fired.clear();
                    final long polled = now;
                    wheel.poll(now, (s, at) -> fired.add(new long[] {s, at}));
                    for (long[] f : fired) {
                        int s = (int) f[0];
                        assertNotEquals(0, model[s], "fired once");
                        assertTrue(model[s] <= polled, "not before its deadline");
                        model[s] = 0;
                    }
                    for (int s = 0; s < slots; s++) {
                        long tickEnd = model[s] == 0 ? 0 : ((model[s] >> SHIFT) + 1) << SHIFT;
                        assertFalse(model[s] != 0 && tickEnd <= now, "slot " + s + " due at " + model[s] + " not fired by " + now);
                    }
                }
            }
        }
    }
}
