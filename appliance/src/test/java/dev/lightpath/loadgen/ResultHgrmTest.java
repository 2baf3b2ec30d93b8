package dev.lightpath.loadgen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultHgrmTest {
    @Test
    void percentileFileIsInMicroseconds(@TempDir Path dir) throws Exception {
        LoadResult result = Results.uniformMicros(10_000);
        Path file = dir.resolve("latency.hgrm");
        ResultHgrm.write(result, file);
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).trim().matches("Value\\s+Percentile\\s+TotalCount\\s+1/\\(1-Percentile\\)"), lines.get(0));

        Pattern row = Pattern.compile("\\s*([\\d.]+)\\s+([\\d.]+)\\s+(\\d+)\\s+([\\d.]+|Infinity)");
        double previousValue = -1;
        long previousCount = -1;
        int rows = 0;
        boolean sawMedian = false;
        for (String line : lines.subList(2, lines.size())) {
            Matcher m = row.matcher(line);
            if (!m.matches()) {
                continue;
            }
            rows++;
            double value = Double.parseDouble(m.group(1));
            double percentile = Double.parseDouble(m.group(2));
            long count = Long.parseLong(m.group(3));
            assertTrue(value >= previousValue && count >= previousCount, "monotonic: " + line);
            if (percentile == 0.5) {
                sawMedian = true;
                assertEquals(5000, value, 5, "the median in microseconds: " + line);
                assertEquals(5000, count, 5, line);
            }
            previousValue = value;
            previousCount = count;
        }
        assertTrue(rows > 20, "percentile rows: " + rows);
        assertTrue(sawMedian, "a row at the 50th percentile");
        assertEquals(10_000, previousCount, "the last row holds every value");
        assertEquals(10_000, previousValue, 10, "the last row is the maximum, in microseconds");

        String footer = String.join("\n", lines.subList(lines.size() - 3, lines.size()));
        Matcher mean = Pattern.compile("#\\[Mean\\s+=\\s+([\\d.]+), StdDeviation\\s+=\\s+([\\d.]+)]").matcher(footer);
        assertTrue(mean.find(), footer);
        assertEquals(5000.5, Double.parseDouble(mean.group(1)), 5);
        Matcher max = Pattern.compile("#\\[Max\\s+=\\s+([\\d.]+), Total count\\s+=\\s+(\\d+)]").matcher(footer);
        assertTrue(max.find(), footer);
        assertEquals(10_000, Double.parseDouble(max.group(1)), 10);
        assertEquals("10000", max.group(2));
    }

    @Test
    void resultFilesAreWrittenSideBySide(@TempDir Path dir) throws Exception {
        Path summary = ResultFiles.write(Results.uniformMicros(1000), dir.resolve("out"), "run-1");
        assertEquals(dir.resolve("out/run-1.txt"), summary);
        assertTrue(Files.readString(summary).startsWith("Running 10.00s test @ "));
        StrictJson.parse(Files.readString(dir.resolve("out/run-1.json")));
        assertTrue(Files.readString(dir.resolve("out/run-1.hgrm")).contains("#[Max"));
    }
}
