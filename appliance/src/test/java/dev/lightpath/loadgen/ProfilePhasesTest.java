package dev.lightpath.loadgen;

import dev.lightpath.report.MachineFacts;
import dev.lightpath.report.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run along a rate profile, replayed on a simulated clock through the schedule and the recorder: the rate
 * asked and achieved second by second, and the latency of each phase by the time its requests were due.
 */
class ProfilePhasesTest {
    static final long S = 1_000_000_000L;
    static final long START = 10 * S;

    @Test
    void phasesAreTheStretchesBetweenPointsWithinTheRun() {
        RateProfile profile = RateProfile.parse("0:1k,2s:5k,2s:3k,4s:3k,9s:1k");
        assertArrayEquals(new long[] {0, 2 * S, 4 * S}, ProfilePhases.starts(profile, Duration.ofSeconds(6)));
        assertArrayEquals(new long[] {0}, ProfilePhases.starts(profile, Duration.ofSeconds(1)));
    }

    @Test
    void eachPhaseHasTheLatencyOfTheRequestsDueInItAndTheAchievedRateIsThatAsked() throws Exception {
        RateProfile profile = RateProfile.parse("0:1k,2s:4k,4s:4k,4s:500");
        Duration run = Duration.ofSeconds(6);
        LoadPlan plan = new LoadPlan(1, 80, "h", List.of(LoadRequest.get("/")), 20, 0, 1, false, run, Duration.ZERO,
                Duration.ofSeconds(5), Duration.ofSeconds(3), profile, 0);
        LatencyRecorder recorder = new LatencyRecorder(START, run, false, ProfilePhases.starts(profile, run));
        SendSchedule schedule = new SendSchedule(plan, 20, 0, 1);
        // The server answers in 1 ms during the ramp, 5 ms during the hold and 20 ms after the drop.
        for (int lane = 0; lane < 20; lane++) {
            for (long due = schedule.first(lane, START, START); due < START + run.toNanos();
                 due = schedule.next(lane, due)) {
                long t = due - START;
                long service = t < 2 * S ? 1_000_000L : t < 4 * S ? 5_000_000L : 20_000_000L;
                recorder.recordResponse(due + service, service, 200);
            }
        }
        LoadResult result = LoadResult.merge(LoadSpec.fixedRate("t", 1, 20, profile.peakRate()), run, List.of(recorder))
                .withProfile(ProfilePhases.of(profile, run, List.of(recorder)));

        ProfilePhases phases = result.profile();
        assertEquals(3, phases.phases().size());
        double[] asked = {5_000, 8_000, 1_000};   // requests due in each phase: the profile's area
        long[] service = {1_000_000L, 5_000_000L, 20_000_000L};
        for (int i = 0; i < 3; i++) {
            ProfilePhases.Phase phase = phases.phases().get(i);
            assertEquals(asked[i], phase.latency().getTotalCount(), 1.0, "phase " + i);
            assertEquals(service[i], phase.latency().getValueAtPercentile(50), service[i] / 1000.0, "phase " + i);
        }
        assertEquals(2_000, phases.phases().get(1).achievedPerSecond() / 2, 1.0);
        for (int s = 0; s < 6; s++) {
            assertEquals(phases.offered()[s], result.completedInSecond(s), 1.0 + 20_000_000L * 4_000 / S,
                    "second " + s + ": done as asked, give or take the answers still in flight at its end");
        }
        assertEquals(1_750, phases.offered()[0], 1e-6, "1,000 rising to 2,500 in the first second");
        assertEquals(500, phases.offered()[5], 1e-6);

        String json = ResultJson.render(result);
        assertTrue(json.contains("\"profile\": \"0s:1000,2s:4000,4s:4000,4s:500\""), json);
        assertTrue(json.contains("\"offered\": ["), json);
        assertTrue(json.contains("\"phases\": ["), json);
        String summary = ResultSummary.render(result);
        assertTrue(summary.contains("Rate profile 0s:1000,2s:4000,4s:4000,4s:500"), summary);
        assertTrue(summary.lines().filter(l -> l.matches("\\s+\\d.*s-\\d.*")).count() == 3, summary);

        Path page = ReportWriter.writeSingleRun("profile", new MachineFacts("cpu", 2, "k", "jdk", "dpdk"), "target",
                "ramp", "appliance loadgen --profile " + profile, result, dir);
        String html = Files.readString(page);
        assertTrue(html.contains("<h2>Rate profile</h2>"), html);
        assertTrue(html.contains(" → "), "the ramp, from one rate to another: " + html);
        try (var files = Files.list(dir)) {
            Path md = files.filter(f -> f.toString().endsWith(".md")).findFirst().orElseThrow();
            String markdown = Files.readString(md);
            assertTrue(markdown.contains("## Rate profile"), markdown);
            assertEquals(3, markdown.lines().filter(l -> l.matches("\\| \\d.* – .*")).count(), markdown);
        }
    }

    @TempDir
    Path dir;
}
