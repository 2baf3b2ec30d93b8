package dev.lightpath.control.logging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** System.Logger routed to the console log: levels, line format, and the JDK's own loggers kept quiet. */
class ConsoleLogTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        ConsoleLog.output(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        ConsoleLog.output(System.err);
        ConsoleLog.level(Level.INFO);
    }

    @Test
    void systemLoggersWriteTimestampedLinesFromTheChosenLevelUp() {
        Logger log = System.getLogger("lightpath.test");
        assertEquals("ConsoleLogger", log.getClass().getSimpleName(), "the service routes System.getLogger here");
        ConsoleLog.level(ConsoleLog.parseLevel("warn"));
        log.log(Level.INFO, "not shown");
        log.log(Level.WARNING, "port {0} is {1}", "9100", "taken");
        log.log(Level.ERROR, "worker error", new IllegalStateException("boom"));
        String[] lines = text().split("\n");
        assertEquals(2, lines.length, text());
        assertTrue(lines[0].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z WARN  lightpath\\.test: port 9100 is taken"),
                lines[0]);
        assertTrue(lines[1].endsWith("ERROR lightpath.test: worker error: java.lang.IllegalStateException: boom"), lines[1]);
    }

    @Test
    void debugShowsStackTracesButNotTheJdksChatter() {
        ConsoleLog.level(ConsoleLog.parseLevel("debug"));
        System.getLogger("lightpath.test").log(Level.DEBUG, "details", new RuntimeException("why"));
        System.getLogger("jdk.internal.httpclient.debug").log(Level.INFO, "jdk chatter");
        System.getLogger("sun.net.httpserver").log(Level.WARNING, "jdk warning");
        String text = text();
        assertTrue(text.contains("DEBUG lightpath.test: details: java.lang.RuntimeException: why"), text);
        assertTrue(text.contains("\tat dev.lightpath.control.logging.ConsoleLogTest"), "stack trace at debug: " + text);
        assertFalse(text.contains("jdk chatter"), text);
        assertTrue(text.contains("WARN  sun.net.httpserver: jdk warning"), text);
    }

    @Test
    void levelsParseOrSayWhichExist() {
        assertEquals(Level.ERROR, ConsoleLog.parseLevel("error"));
        assertEquals(Level.WARNING, ConsoleLog.parseLevel("WARN"));
        assertEquals(Level.INFO, ConsoleLog.parseLevel(" info "));
        assertEquals(Level.DEBUG, ConsoleLog.parseLevel("debug"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsoleLog.parseLevel("trace"));
        assertEquals("unknown log level 'trace' (error, warn, info or debug)", e.getMessage());
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
