package dev.lightpath.report;

import dev.lightpath.loadgen.LoadResult;

import java.util.List;
import java.util.Objects;

/**
 * One system under one workload: the exact command that loaded it and the result of every repetition.
 *
 * @param system       what was measured, e.g. "lightpath", "nginx"
 * @param workload     what it was asked, e.g. "GET 1 KiB keep-alive, 64 connections"
 * @param commandLine  the command that produced the results, as it was run
 * @param repetitions  one result per repetition, in the order they ran
 * @param coreUse      how busy the client's and the server's cores were in each repetition, in the same order;
 *                     empty when it was not measured
 */
public record Run(String system, String workload, String commandLine, List<LoadResult> repetitions,
                  List<CoreUse> coreUse) {
    public Run {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(commandLine, "commandLine");
        repetitions = List.copyOf(repetitions);
        coreUse = List.copyOf(coreUse);
        if (repetitions.isEmpty()) {
            throw new IllegalArgumentException("a run of " + system + " / " + workload + " has no repetitions");
        }
        if (!coreUse.isEmpty() && coreUse.size() != repetitions.size()) {
            throw new IllegalArgumentException("a run of " + system + " / " + workload + " has " + repetitions.size()
                    + " repetitions but the core use of " + coreUse.size());
        }
    }

    /** A run whose cores were not watched. */
    public Run(String system, String workload, String commandLine, List<LoadResult> repetitions) {
        this(system, workload, commandLine, repetitions, List.of());
    }

    /** A run at a fixed offered rate (its first repetition's), as opposed to as fast as the client can go. */
    public boolean fixedRate() {
        return !repetitions.getFirst().spec().isClosedLoop();
    }

    /** The offered rate in requests/s of a fixed-rate run; 0 for a closed loop. */
    public double offeredRate() {
        return repetitions.getFirst().spec().requestedRate();
    }
}
