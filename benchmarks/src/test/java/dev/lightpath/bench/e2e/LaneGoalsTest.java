package dev.lightpath.bench.e2e;

import dev.lightpath.loadgen.LatencyRecorder;
import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.loadgen.LoadSpec;
import dev.lightpath.report.CoreUse;
import dev.lightpath.report.Goal;
import dev.lightpath.report.Run;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LaneGoalsTest {
    private static final String NGINX = Server.NGINX.label;
    private static final String XDP = Server.LIGHTPATH_AF_XDP.label;
    private static final CoreUse SERVER_BOUND = new CoreUse(0.5, 1.0);
    private static final CoreUse CLIENT_BOUND = new CoreUse(0.99, 0.6);

    /** One second of {@code requests} responses. */
    private static LoadResult second(int requests) {
        LatencyRecorder recorder = new LatencyRecorder(0, Duration.ofSeconds(1));
        for (int i = 0; i < requests; i++) {
            recorder.recordResponse(i, 100_000, 200);
        }
        return LoadResult.merge(LoadSpec.closedLoop("t", 1, 1), Duration.ofSeconds(1), List.of(recorder));
    }

    /** A run of three repetitions whose median is {@code median} requests/s. */
    private static Run run(String system, Lane lane, Workload workload, Client client, int median, CoreUse cores) {
        String label = lane.label(workload) + ", 50 connections — " + client.label;
        return new Run(system, label, "cmd", List.of(second(median - 10), second(median), second(median + 10)),
                List.of(cores, cores, cores));
    }

    @Test
    void ipv6IsHeldAgainstIpv4PerSystemAndTheRatioAgainstNginxPerFamily() {
        List<Run> runs = List.of(
                run(NGINX, Lane.IPV4, Workload.KEEP_ALIVE, Client.LOADGEN, 1000, SERVER_BOUND),
                run(NGINX, Lane.IPV6, Workload.KEEP_ALIVE, Client.LOADGEN, 990, SERVER_BOUND),
                run(XDP, Lane.IPV4, Workload.KEEP_ALIVE, Client.LOADGEN, 3000, SERVER_BOUND),
                run(XDP, Lane.IPV6, Workload.KEEP_ALIVE, Client.LOADGEN, 2700, SERVER_BOUND));
        List<Goal> goals = LaneGoals.of(runs, NGINX);
        assertEquals(3, goals.size(), goals.toString());
        String v6 = "GET / (21 B), keep-alive, over IPv6, 50 connections — " + Client.LOADGEN.label;
        // nginx: 990 / 1000, its repetitions' span 980 / 1010 = 0.970 to 1000 / 990: all above 0.95.
        assertEquals(new Goal("IPv6 requests/s within 5% of IPv4's: IPv6 / IPv4 at least 0.95", NGINX, v6, "0.99×",
                "met"), goals.get(0));
        // The appliance: 2700 / 3000, at most 2710 / 2990 = 0.906.
        assertEquals(new Goal("IPv6 requests/s within 5% of IPv4's: IPv6 / IPv4 at least 0.95", XDP, v6, "0.90×",
                "not met"), goals.get(1));
        // (2700 / 990) / (3000 / 1000) = 0.909, at most (2710 / 980) / (2990 / 1010) = 0.934.
        assertEquals(new Goal("The same ratio against " + NGINX + " over IPv6 as over IPv4: (IPv6 ratio) / "
                + "(IPv4 ratio) at least 0.95", XDP, v6, "0.91×", "not met"), goals.get(2));
    }

    @Test
    void aMedianOnTheGoalsSideIsNotEnoughWhenTheRepetitionsStraddleIt() {
        List<Run> runs = List.of(
                run(NGINX, Lane.IPV4, Workload.LARGE, Client.LOADGEN, 1000, SERVER_BOUND),
                run(NGINX, Lane.IPV6, Workload.LARGE, Client.LOADGEN, 960, SERVER_BOUND));
        Goal goal = LaneGoals.of(runs, NGINX).getFirst();
        // 960 / 1000 = 0.96, but its span 950 / 1010 = 0.94 to 970 / 990 = 0.98 reaches below 0.95.
        assertEquals("0.96×", goal.measured());
        assertEquals("undecided: the repetitions span 0.94× to 0.98×, across the goal", goal.verdict());
    }

    @Test
    void tlsIsHeldAgainstNginxBehindTlsWithBoundsLeftUndecided() {
        List<Run> runs = new ArrayList<>(List.of(
                run(NGINX, Lane.TLS, Workload.CONNECTION_PER_REQUEST, Client.WRK, 1000, SERVER_BOUND),
                run(XDP, Lane.TLS, Workload.CONNECTION_PER_REQUEST, Client.WRK, 1200, SERVER_BOUND),
                run(NGINX, Lane.TLS, Workload.KEEP_ALIVE, Client.WRK, 1000, SERVER_BOUND),
                run(XDP, Lane.TLS, Workload.KEEP_ALIVE, Client.WRK, 2500, CLIENT_BOUND),
                run(NGINX, Lane.TLS, Workload.LARGE, Client.WRK, 1000, CLIENT_BOUND),
                run(XDP, Lane.TLS, Workload.LARGE, Client.WRK, 1600, SERVER_BOUND),
                // The same workloads over plain HTTP hold no TLS goal.
                run(NGINX, Lane.IPV4, Workload.KEEP_ALIVE, Client.WRK, 1000, SERVER_BOUND),
                run(XDP, Lane.IPV4, Workload.KEEP_ALIVE, Client.WRK, 9000, SERVER_BOUND)));
        List<Goal> goals = LaneGoals.of(runs, NGINX);
        assertEquals(List.of("TLS 1.3 full handshakes per second at least " + NGINX + "'s",
                "Keep-alive requests over TLS at least 3× " + NGINX + "'s",
                "16 kB responses over TLS at least 1.5× " + NGINX + "'s"), goals.stream().map(Goal::goal).toList());
        assertEquals(List.of("1.20×", "≥ 2.50×", "≤ 1.60×"), goals.stream().map(Goal::measured).toList());
        assertEquals("met", goals.get(0).verdict());
        assertTrue(goals.get(1).verdict().startsWith("undecided: a lower bound"), goals.get(1).verdict());
        assertTrue(goals.get(2).verdict().startsWith("undecided: an upper bound"), goals.get(2).verdict());
        assertTrue(goals.stream().allMatch(g -> g.system().equals(XDP)), "nginx holds no goal against itself");
    }

    @Test
    void aBoundThatSettlesTheGoalSettlesIt() {
        assertEquals("met", new LaneGoals.Ratio(3.1, true, false).verdict(3), "a lower bound above the goal");
        assertEquals("not met", new LaneGoals.Ratio(0.8, false, true).verdict(1), "an upper bound below it");
        assertTrue(new LaneGoals.Ratio(5, true, true).verdict(1).startsWith("undecided"), "bounds both ways");
        assertEquals("? 5.00×", new LaneGoals.Ratio(5, true, true).text(1));
    }

    @Test
    void aFigureThatRoundsOntoTheBoundShowsWhichSideItIsOn() {
        assertEquals("≥ 0.996×", new LaneGoals.Ratio(0.9962, true, false).text(1));
        assertEquals("1.004×", new LaneGoals.Ratio(1.0041, false, false).text(1));
        assertEquals("1.00×", new LaneGoals.Ratio(1.0, false, false).text(1));
        assertEquals("0.95×", new LaneGoals.Ratio(0.9512, false, false).text(1));
    }

    @Test
    void theFairSuiteAloneHoldsNoLaneGoal() {
        List<Run> runs = List.of(run(NGINX, Lane.IPV4, Workload.KEEP_ALIVE, Client.LOADGEN, 1000, SERVER_BOUND),
                run(XDP, Lane.IPV4, Workload.KEEP_ALIVE, Client.LOADGEN, 5000, SERVER_BOUND));
        assertEquals(List.of(), LaneGoals.of(runs, NGINX));
    }
}
