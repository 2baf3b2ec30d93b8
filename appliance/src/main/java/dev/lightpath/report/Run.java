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
 */
public record Run(String system, String workload, String commandLine, List<LoadResult> repetitions) {
    public Run {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(commandLine, "commandLine");
        repetitions = List.copyOf(repetitions);
        if (repetitions.isEmpty()) {
            throw new IllegalArgumentException("a run of " + system + " / " + workload + " has no repetitions");
        }
    }
}
