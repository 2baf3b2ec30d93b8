package dev.lightpath.control.logging;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Locale;

/**
 * Where the program's log goes: one line per event on standard error, with a UTC timestamp, the level and the
 * logger's name, at or above a level set once at start ({@code --log-level}). Everything logs through
 * {@link System.Logger} ({@link ConsoleLoggerFinder} routes it here), only from the control plane and from
 * workers' start and error paths: never per packet.
 */
public final class ConsoleLog {
    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.err;

    private ConsoleLog() {
    }

    /** {@code error}, {@code warn}, {@code info} or {@code debug}; throws IllegalArgumentException for others. */
    public static Level parseLevel(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "error" -> Level.ERROR;
            case "warn", "warning" -> Level.WARNING;
            case "info" -> Level.INFO;
            case "debug" -> Level.DEBUG;
            default -> throw new IllegalArgumentException("unknown log level '" + text + "' (error, warn, info or debug)");
        };
    }

    public static void level(Level level) {
        threshold = level;
    }

    public static Level level() {
        return threshold;
    }

    /** Sends the log elsewhere (tests). */
    public static void output(PrintStream stream) {
        out = stream;
    }

    /**
     * True when a logger of this name logs at this level. The JDK's own loggers (HTTP server, client) speak
     * only from WARNING up, so debugging the appliance is not drowned by them.
     */
    static boolean enabled(String name, Level level) {
        if (level == Level.OFF || threshold == Level.OFF) {
            return false;
        }
        int floor = name.startsWith("lightpath") ? threshold.getSeverity()
                : Math.max(threshold.getSeverity(), Level.WARNING.getSeverity());
        return level.getSeverity() >= floor;
    }

    static void write(String name, Level level, String message, Throwable thrown) {
        StringBuilder line = new StringBuilder(128);
        line.append(Instant.now()).append(' ').append(label(level)).append(' ').append(name).append(": ").append(message);
        if (thrown != null) {
            line.append(": ").append(thrown);
            if (threshold.getSeverity() <= Level.DEBUG.getSeverity()) {
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
            }
        }
        PrintStream stream = out;
        synchronized (stream) {
            stream.println(line);
        }
    }

    private static String label(Level level) {
        return switch (level) {
            case ERROR -> "ERROR";
            case WARNING -> "WARN ";
            case INFO -> "INFO ";
            case DEBUG -> "DEBUG";
            case TRACE -> "TRACE";
            default -> level.getName();
        };
    }
}
