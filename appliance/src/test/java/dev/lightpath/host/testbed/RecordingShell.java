package dev.lightpath.host.testbed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A shell that runs nothing: it writes down each line, marking those whose failure is ignored, and answers. */
final class RecordingShell implements Shell {
    final List<String> lines = new ArrayList<>();
    final Map<String, String> answers = new HashMap<>();
    /** Lines that fail as a command the host refuses would. */
    final java.util.Set<String> failing = new java.util.HashSet<>();

    @Override
    public String run(List<String> command) throws IOException {
        String line = String.join(" ", command);
        lines.add(line);
        if (failing.contains(line)) {
            throw new IOException(line + " failed (2): RTNETLINK answers: File exists");
        }
        return answers.getOrDefault(line, "");
    }

    @Override
    public void quiet(List<String> command) {
        lines.add("(quiet) " + String.join(" ", command));
    }

    @Override
    public Process start(List<String> command, Path log) {
        lines.add("(start) " + String.join(" ", command) + " > " + log);
        return new Ended();
    }

    /** A program that has already ended well. */
    private static final class Ended extends Process {
        @Override
        public java.io.OutputStream getOutputStream() {
            return java.io.OutputStream.nullOutputStream();
        }

        @Override
        public java.io.InputStream getInputStream() {
            return java.io.InputStream.nullInputStream();
        }

        @Override
        public java.io.InputStream getErrorStream() {
            return java.io.InputStream.nullInputStream();
        }

        @Override
        public int waitFor() {
            return 0;
        }

        @Override
        public int exitValue() {
            return 0;
        }

        @Override
        public void destroy() {
        }
    }
}
