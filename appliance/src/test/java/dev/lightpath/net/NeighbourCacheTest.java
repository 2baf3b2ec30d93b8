package dev.lightpath.net;

import dev.lightpath.wire.Ipv6Address;
import dev.lightpath.wire.NeighbourMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Neighbour Unreachability Detection's states and timers (RFC 4861 section 7.3), on a clock the test moves. */
class NeighbourCacheTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long[] PEER = Ipv6Address.parse("2001:db8::2");
    private static final long[] OTHER = Ipv6Address.parse("2001:db8::3");
    private static final long PEER_MAC = 0x02_00_00_00_00_02L;
    private static final long NEW_MAC = 0x02_00_00_00_00_22L;

    /** Each solicitation: target low half and the MAC it went to ({@link NeighbourCache#MULTICAST} for the group). */
    private final List<long[]> solicitations = new ArrayList<>();
    private final List<long[]> resolved = new ArrayList<>();
    private final List<Long> unresolved = new ArrayList<>();
    private final ArpCache.ParkedSink sink = new ArpCache.ParkedSink() {
        @Override
        public void resolved(long mbuf, long mac) {
            resolved.add(new long[] {mbuf, mac});
        }

        @Override
        public void unresolved(long mbuf) {
            unresolved.add(mbuf);
        }
    };
    private final NeighbourCache cache = new NeighbourCache(16, 8,
            (high, low, mac) -> solicitations.add(new long[] {low, mac}), sink);
    private long now = 500 * SECOND;

    private byte state() {
        return cache.state(PEER[0], PEER[1], now);
    }

    @Test
    void anUnknownNeighbourIsSolicitedThreeTimesThenGivenUpWithItsPackets() {
        assertEquals(NeighbourCache.UNRESOLVED, cache.macFor(PEER[0], PEER[1], now));
        assertEquals(NeighbourCache.INCOMPLETE, state());
        assertTrue(cache.park(11, PEER[0], PEER[1]));
        assertTrue(cache.park(12, PEER[0], PEER[1]));
        assertEquals(1, solicitations.size());
        assertEquals(NeighbourCache.MULTICAST, solicitations.get(0)[1], "to the solicited-node group");
        assertEquals(NeighbourCache.UNRESOLVED, cache.macFor(PEER[0], PEER[1], now + 1), "asking again sends nothing");
        assertEquals(1, solicitations.size());

        now += SECOND - 1;
        assertEquals(0, cache.poll(now), "RetransTimer has not passed");
        now += 1;
        assertEquals(1, cache.poll(now));
        now += SECOND;
        cache.poll(now);
        assertEquals(3, solicitations.size(), "MAX_MULTICAST_SOLICIT");
        assertEquals(NeighbourCache.INCOMPLETE, state());
        now += SECOND;
        cache.poll(now);
        assertEquals(3, solicitations.size());
        assertEquals(NeighbourCache.ABSENT, state());
        assertEquals(List.of(11L, 12L), unresolved, "the waiting packets go with the entry");
        assertEquals(0, cache.waiting());
    }

    @Test
    void aSolicitedAdvertisementMakesItReachableAndReleasesThePacketsInOrder() {
        cache.macFor(PEER[0], PEER[1], now);
        cache.park(11, PEER[0], PEER[1]);
        cache.park(21, OTHER[0], OTHER[1]);
        cache.park(12, PEER[0], PEER[1]);
        cache.advertised(PEER[0], PEER[1], NeighbourMessage.NO_ADDRESS, true, true, now);
        assertEquals(NeighbourCache.INCOMPLETE, state(), "an advertisement without the MAC resolves nothing");
        cache.advertised(PEER[0], PEER[1], PEER_MAC, true, false, now);
        assertEquals(NeighbourCache.REACHABLE, state());
        assertEquals(2, resolved.size());
        assertEquals(11, resolved.get(0)[0]);
        assertEquals(12, resolved.get(1)[0]);
        assertEquals(PEER_MAC, resolved.get(1)[1]);
        assertEquals(1, cache.waiting(), "the other neighbour's packet still waits");
        assertEquals(PEER_MAC, cache.macFor(PEER[0], PEER[1], now));
        now += 10 * SECOND;
        cache.poll(now);
        assertEquals(1, solicitations.size(), "a reachable neighbour is not probed");
    }

    @Test
    void aNeighbourInUsePastReachableTimeIsDelayedThenProbedByUnicastThenDropped() {
        cache.macFor(PEER[0], PEER[1], now);
        cache.advertised(PEER[0], PEER[1], PEER_MAC, true, true, now);
        solicitations.clear();
        now += NeighbourCache.REACHABLE_TIME_NANOS;
        assertEquals(NeighbourCache.STALE, state(), "ReachableTime passed");
        assertEquals(PEER_MAC, cache.macFor(PEER[0], PEER[1], now), "a stale neighbour is still sent to");
        assertEquals(NeighbourCache.DELAY, state());
        assertEquals(0, solicitations.size(), "DELAY waits before probing");
        now += NeighbourCache.DELAY_FIRST_PROBE_NANOS;
        cache.poll(now);
        assertEquals(NeighbourCache.PROBE, state());
        assertEquals(1, solicitations.size());
        assertEquals(PEER_MAC, solicitations.get(0)[1], "probes are unicast to the MAC we have");
        assertEquals(PEER_MAC, cache.macFor(PEER[0], PEER[1], now), "a probed neighbour is still sent to");
        now += SECOND;
        cache.poll(now);
        now += SECOND;
        cache.poll(now);
        assertEquals(3, solicitations.size(), "MAX_UNICAST_SOLICIT");
        now += SECOND;
        cache.poll(now);
        assertEquals(NeighbourCache.ABSENT, state(), "no answer: the neighbour is forgotten");
    }

    @Test
    void anAnswerToAProbeMakesItReachableAgain() {
        cache.solicitedBy(PEER[0], PEER[1], PEER_MAC, now);
        assertEquals(NeighbourCache.STALE, state(), "a solicitation with the asker's MAC creates a STALE entry");
        cache.macFor(PEER[0], PEER[1], now);
        now += NeighbourCache.DELAY_FIRST_PROBE_NANOS;
        cache.poll(now);
        assertEquals(NeighbourCache.PROBE, state());
        cache.advertised(PEER[0], PEER[1], NeighbourMessage.NO_ADDRESS, true, false, now);
        assertEquals(NeighbourCache.REACHABLE, state(), "a solicited answer need not repeat the MAC");
        now += 10 * SECOND;
        cache.poll(now);
        assertEquals(1, solicitations.size());
    }

    @Test
    void overrideDecidesWhetherAnotherMacReplacesTheOneWeHave() {
        cache.macFor(PEER[0], PEER[1], now);
        cache.advertised(PEER[0], PEER[1], PEER_MAC, true, true, now);
        cache.advertised(PEER[0], PEER[1], NEW_MAC, false, false, now);
        assertEquals(NeighbourCache.STALE, state(), "without override: distrusted, not replaced");
        assertEquals(PEER_MAC, cache.macFor(PEER[0], PEER[1], now));
        cache.advertised(PEER[0], PEER[1], NEW_MAC, false, true, now);
        assertEquals(NeighbourCache.STALE, state(), "unsolicited with override: replaced, unconfirmed");
        assertEquals(NEW_MAC, cache.macFor(PEER[0], PEER[1], now));
        cache.solicitedBy(PEER[0], PEER[1], PEER_MAC, now);
        assertEquals(NeighbourCache.STALE, state());
        assertEquals(PEER_MAC, cache.macFor(PEER[0], PEER[1], now), "a solicitation's MAC replaces ours");
    }

    @Test
    void advertisementsNobodyAskedForAreIgnored() {
        cache.advertised(PEER[0], PEER[1], PEER_MAC, false, true, now);
        assertEquals(NeighbourCache.ABSENT, state());
    }

    @Test
    void theTableIsBoundedAndEvictsTheLeastRecentlyConfirmedWithItsPackets() {
        long base = Ipv6Address.parse("2001:db8::")[1];
        for (int i = 0; i < 200; i++) {
            now += SECOND / 1000;
            cache.solicitedBy(PEER[0], base + 100 + i, PEER_MAC + i, now);
        }
        int present = 0;
        for (int i = 0; i < 200; i++) {
            if (cache.state(PEER[0], base + 100 + i, now) != NeighbourCache.ABSENT) {
                present++;
            }
        }
        assertTrue(present <= 32, "at most the table's slots: " + present);
        assertTrue(cache.state(PEER[0], base + 299, now) != NeighbourCache.ABSENT, "the newest is kept");

        // An INCOMPLETE entry with a packet waiting, then enough newer neighbours to push it out.
        cache.macFor(PEER[0], PEER[1], now);
        cache.park(77, PEER[0], PEER[1]);
        for (int i = 0; i < 2000 && state() != NeighbourCache.ABSENT; i++) {
            now += SECOND / 1000;
            cache.solicitedBy(PEER[0], base + 1000 + i, PEER_MAC, now);
        }
        assertEquals(NeighbourCache.ABSENT, state());
        assertEquals(List.of(77L), unresolved, "an evicted neighbour's packets are dropped, not stranded");
    }

    @Test
    void theWaitingQueueIsBounded() {
        cache.macFor(PEER[0], PEER[1], now);
        for (int i = 0; i < 8; i++) {
            assertTrue(cache.park(i, PEER[0], PEER[1]));
        }
        assertFalse(cache.park(8, PEER[0], PEER[1]));
        cache.dropAll();
        assertEquals(8, unresolved.size());
    }

    @Test
    void anAddressAskedForBeforeTheClockStartsGetsItsFullSolicitations() {
        assertEquals(NeighbourCache.UNRESOLVED, cache.macFor(PEER[0], PEER[1], 0));
        cache.clockStarts(now);
        cache.poll(now);
        assertEquals(1, solicitations.size(), "not re-sent at once");
        now += SECOND;
        cache.poll(now);
        assertEquals(2, solicitations.size());
    }
}
