package dev.lightpath.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a load test's three result files side by side: {@code NAME.txt} (summary), {@code NAME.json}, {@code NAME.hgrm}. */
public final class ResultFiles {
    private ResultFiles() {
    }

    /** Writes the files into {@code directory} (created if missing) and returns the summary's path. */
    public static Path write(LoadResult result, Path directory, String name) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
        Files.createDirectories(directory);
        Path summary = directory.resolve(name + ".txt");
        Files.writeString(summary, ResultSummary.render(result));
        ResultJson.write(result, directory.resolve(name + ".json"));
        ResultHgrm.write(result, directory.resolve(name + ".hgrm"));
        return summary;
    }
}
