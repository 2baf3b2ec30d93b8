package dev.lightpath.report;

import java.util.Objects;

/**
 * A goal the runs are held against, and what they showed: one row of the report's goals table. The figure and the
 * verdict come from the caller, who knows what the goal compares (two runs of one system, or a system against the
 * baseline) and when a client that set the pace leaves it undecided.
 *
 * @param goal     what is asked, with its bound, e.g. "IPv6 / IPv4 requests/s at least 0.95"
 * @param system   the system it is asked of
 * @param workload the workload and client it was measured under
 * @param measured the figure, e.g. "0.97×", marked as the report marks a bound ("≥ 0.97×")
 * @param verdict  "met", "not met", or why it cannot be told
 */
public record Goal(String goal, String system, String workload, String measured, String verdict) {
    public Goal {
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(verdict, "verdict");
    }
}
