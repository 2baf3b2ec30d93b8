package dev.lightpath.bench.e2e;

import dev.lightpath.loadgen.LoadResult;
import dev.lightpath.report.CoreUse;
import dev.lightpath.report.Peer;
import dev.lightpath.report.Run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the suite ({@link Suite}) did, as it wrote it down while running: one tab-separated line per fact.
 * <pre>
 * title       TEXT
 * baseline    SYSTEM
 * dpdk        VERSION
 * peer        NAME  VERSION
 * note        TEXT                                              (shown before the results, in order)
 * run         SYSTEM  WORKLOAD  harness|wrk  OUTPUT  COMMAND  [CLIENT_BUSY  SERVER_BUSY]
 *                                           (one line per repetition, in the order run; the busy fractions of the
 *                                            client's and the server's cores while it was measured, 0 to 1)
 * unmeasured  SYSTEM  WORKLOAD  WHY                             (it ran but completed no request: a note, no row)
 * </pre>
 * OUTPUT is the repetition's output without its extension, relative to the manifest: {@code OUTPUT.json} and
 * {@code OUTPUT.hgrm} from the harness, {@code OUTPUT.txt} from wrk. A run's command is its first repetition's;
 * its core use is kept when every repetition has one.
 */
record SuiteManifest(String title, String baseline, String dpdkVersion, List<Peer> peers, List<Run> runs,
                     List<String> notes) {

    static SuiteManifest read(Path manifest) throws IOException {
        Path dir = manifest.toAbsolutePath().getParent();
        String title = "Lightpath end to end";
        String baseline = null;
        String dpdk = "unknown";
        List<Peer> peers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, List<LoadResult>> repetitions = new LinkedHashMap<>();
        Map<String, List<CoreUse>> coreUse = new LinkedHashMap<>();
        Map<String, String[]> firstOfRun = new LinkedHashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(manifest)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String where = manifest + ":" + number + ": ";
            switch (f[0]) {
                case "title" -> title = field(f, 1, where);
                case "baseline" -> baseline = field(f, 1, where);
                case "dpdk" -> dpdk = field(f, 1, where);
                case "peer" -> peers.add(new Peer(field(f, 1, where), field(f, 2, where)));
                case "note" -> notes.add(field(f, 1, where));
                case "unmeasured" -> notes.add("Not measured: " + field(f, 1, where) + " under \u201c"
                        + field(f, 2, where) + "\u201d: " + field(f, 3, where));
                case "run" -> readRun(f, where, dir, repetitions, coreUse, firstOfRun);
                default -> throw new IOException(where + "unknown line '" + f[0] + "'");
            }
        }
        if (baseline == null) {
            throw new IOException(manifest + " names no baseline system");
        }
        List<Run> runs = runs(firstOfRun, repetitions, coreUse);
        return new SuiteManifest(title, baseline, dpdk, peers, runs, notes);
    }

    /** One repetition: its result read from its output, and its core use when the line has it. */
    private static void readRun(String[] f, String where, Path dir, Map<String, List<LoadResult>> repetitions,
                                Map<String, List<CoreUse>> coreUse, Map<String, String[]> firstOfRun)
            throws IOException {
        String system = field(f, 1, where);
        String workload = field(f, 2, where);
        String tool = field(f, 3, where);
        Path output = dir.resolve(field(f, 4, where));
        field(f, 5, where);
        LoadResult result = switch (tool) {
            case "harness" -> HarnessOutput.read(withExtension(output, ".json"), withExtension(output, ".hgrm"));
            case "wrk" -> WrkOutput.read(withExtension(output, ".txt"));
            default -> throw new IOException(where + "unknown tool '" + tool + "'");
        };
        if (result.requests() == 0) {
            throw new IOException(where + system + " completed no request under " + workload
                    + " (see " + output.getFileName() + ")");
        }
        String key = system + "\u0000" + workload;
        repetitions.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
        List<CoreUse> cores = coreUse.computeIfAbsent(key, k -> new ArrayList<>());
        if (f.length > 7) {
            try {
                cores.add(new CoreUse(Double.parseDouble(f[6]), Double.parseDouble(f[7])));
            } catch (IllegalArgumentException e) {
                throw new IOException(where + "core use '" + f[6] + "' '" + f[7] + "': " + e.getMessage());
            }
        }
        firstOfRun.putIfAbsent(key, f);
    }

    /** A run per system and workload, in the order first run, with its repetitions. */
    private static List<Run> runs(Map<String, String[]> firstOfRun, Map<String, List<LoadResult>> repetitions,
                                  Map<String, List<CoreUse>> coreUse) {
        List<Run> runs = new ArrayList<>();
        firstOfRun.forEach((key, f) -> {
            List<LoadResult> reps = repetitions.get(key);
            List<CoreUse> cores = coreUse.get(key);
            runs.add(new Run(f[1], f[2], f[5], reps, cores.size() == reps.size() ? cores : List.of()));
        });
        return runs;
    }

    private static Path withExtension(Path base, String extension) {
        return base.resolveSibling(base.getFileName() + extension);
    }

    private static String field(String[] fields, int index, String where) throws IOException {
        if (fields.length <= index || fields[index].isEmpty()) {
            throw new IOException(where + "'" + fields[0] + "' needs " + index + " field(s) after it");
        }
        return fields[index];
    }
}
