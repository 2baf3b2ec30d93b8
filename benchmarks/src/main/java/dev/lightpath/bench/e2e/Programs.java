package dev.lightpath.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the suite starts the programs it measures: the Lightpath program (the appliance, the load generator) and
 * Netty as this JVM's java on this JVM's class path (the benchmarks jar, or the tests' class path), with the JVM
 * flags the launcher passes on ({@code LIGHTPATH_E2E_JVM_FLAGS}: native access, the shim, the Vector API); and
 * how a command is shown in the report: as a user would type it, with {@code bin/appliance} for the Lightpath
 * program and the checkout's path left out.
 */
final class Programs {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    final Path home;
    final String java;
    final List<String> jvmFlags;
    final String classPath;

    Programs(Path home, String java, List<String> jvmFlags, String classPath) {
        this.home = home;
        this.java = java;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.classPath = classPath;
    }

    static Programs ofThisJvm() {
        Path home = Path.of(System.getProperty("lightpath.home", ".")).toAbsolutePath().normalize();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String flags = System.getenv().getOrDefault("LIGHTPATH_E2E_JVM_FLAGS", "");
        List<String> jvmFlags = flags.isBlank() ? List.of() : Arrays.asList(flags.trim().split("\\s+"));
        return new Programs(home, java, jvmFlags, System.getProperty("java.class.path"));
    }

    /**
     * The Lightpath program with {@code args}. Under taskset a JVM counts only the cores it may run on, and would
     * refuse a worker core other than 0 as not existing: it is told the machine's real count.
     */
    List<String> lightpath(List<String> args) {
        List<String> command = new ArrayList<>(List.of(java,
                "-XX:ActiveProcessorCount=" + Runtime.getRuntime().availableProcessors()));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath, "dev.lightpath.control.Main"));
        command.addAll(args);
        return command;
    }

    List<String> netty(int port) {
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                NettyHelloServer.class.getName(), "0.0.0.0", Integer.toString(port), "1");
    }

    /** The command as the report shows it: the Lightpath JVM's start as bin/appliance, arguments quoted. */
    String shown(List<String> command) {
        List<String> words = new ArrayList<>(command);
        int main = words.indexOf("dev.lightpath.control.Main");
        int javaAt = words.indexOf(java);
        if (main > 0 && javaAt >= 0 && javaAt < main) {
            words.subList(javaAt, main + 1).clear();
            words.add(javaAt, "bin/appliance");
        } else if (javaAt >= 0 && words.indexOf("-cp") > javaAt) {
            int cp = words.indexOf("-cp");
            words.set(cp + 1, "benchmarks/target/benchmarks.jar");
            words.set(javaAt, "java");
        }
        StringBuilder text = new StringBuilder();
        for (String word : words) {
            String w = word.replace(home + "/", "");
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(PLAIN.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return text.toString();
    }
}
