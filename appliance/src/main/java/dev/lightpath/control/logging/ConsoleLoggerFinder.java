package dev.lightpath.control.logging;

/**
 * Routes every {@link System#getLogger} of the program (and of the JDK's own classes) to {@link ConsoleLog}:
 * registered as the JDK's logger finder through META-INF/services, so no logging framework is needed.
 */
public final class ConsoleLoggerFinder extends System.LoggerFinder {
    @Override
    public System.Logger getLogger(String name, Module module) {
        return new ConsoleLogger(name);
    }
}
