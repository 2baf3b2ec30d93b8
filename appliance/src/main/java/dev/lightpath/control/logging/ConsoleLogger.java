package dev.lightpath.control.logging;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/** One named {@link System.Logger} writing to {@link ConsoleLog}. */
final class ConsoleLogger implements System.Logger {
    private final String name;

    ConsoleLogger(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return ConsoleLog.enabled(name, level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        if (isLoggable(level)) {
            ConsoleLog.write(name, level, localized(bundle, message), thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            String pattern = localized(bundle, format);
            ConsoleLog.write(name, level, params == null || params.length == 0 ? pattern
                    : MessageFormat.format(pattern, params), null);
        }
    }

    private static String localized(ResourceBundle bundle, String key) {
        if (bundle != null && key != null && bundle.containsKey(key)) {
            return bundle.getString(key);
        }
        return String.valueOf(key);
    }
}
