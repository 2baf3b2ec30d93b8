package dev.lightpath.report;

import dev.lightpath.loadgen.LoadResult;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a benchmark report says: a title, the machine, the runs (system × workload, each with its repetitions),
 * the peer programs and their versions, the system the others are compared against, and notes: what a reader
 * must know to read the figures (how each system was reached, what could not be measured, a machine that was busy).
 *
 * @param baselineSystem the system ratios are taken against; it must have runs
 * @param notes          paragraphs of plain text shown before the results, in order; may be empty
 * @param goals          goals held against the runs, shown after the notes as a table; may be empty
 */
public record Report(String title, MachineFacts machine, List<Run> runs, List<Peer> peers, String baselineSystem,
                     List<String> notes, List<Goal> goals) {
    public Report {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(machine, "machine");
        runs = List.copyOf(runs);
        peers = List.copyOf(peers);
        notes = List.copyOf(notes);
        goals = List.copyOf(goals);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one run");
        }
        Set<String> seen = new HashSet<>();
        for (Run run : runs) {
            if (!seen.add(run.system() + "\u0000" + run.workload())) {
                throw new IllegalArgumentException("two runs of " + run.system() + " under " + run.workload());
            }
        }
        if (runs.stream().noneMatch(run -> run.system().equals(baselineSystem))) {
            throw new IllegalArgumentException("the baseline '" + baselineSystem + "' has no runs");
        }
    }

    /** A report without goals. */
    public Report(String title, MachineFacts machine, List<Run> runs, List<Peer> peers, String baselineSystem,
                  List<String> notes) {
        this(title, machine, runs, peers, baselineSystem, notes, List.of());
    }

    /** A report without notes. */
    public Report(String title, MachineFacts machine, List<Run> runs, List<Peer> peers, String baselineSystem) {
        this(title, machine, runs, peers, baselineSystem, List.of(), List.of());
    }

    /** A report of one load test, as {@code loadgen --report DIR} writes it. */
    public static Report singleRun(String title, MachineFacts machine, String system, String workload,
                                   String commandLine, LoadResult result) {
        return new Report(title, machine, List.of(new Run(system, workload, commandLine, List.of(result))),
                List.of(), system);
    }

    /** Systems in the order their first run appears. */
    public List<String> systems() {
        Set<String> systems = new LinkedHashSet<>();
        runs.forEach(run -> systems.add(run.system()));
        return List.copyOf(systems);
    }

    /** Workloads in the order their first run appears. */
    public List<String> workloads() {
        Set<String> workloads = new LinkedHashSet<>();
        runs.forEach(run -> workloads.add(run.workload()));
        return List.copyOf(workloads);
    }

    public Optional<Run> run(String system, String workload) {
        return runs.stream().filter(r -> r.system().equals(system) && r.workload().equals(workload)).findFirst();
    }

    /** The runs of one workload, in system order. */
    public List<Run> runsOf(String workload) {
        return systems().stream().map(system -> run(system, workload)).flatMap(Optional::stream).toList();
    }
}
