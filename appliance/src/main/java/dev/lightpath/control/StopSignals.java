package dev.lightpath.control;

import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * SIGINT and SIGTERM as the long-running commands take them: the first asks for a clean stop, a second exits at
 * once (status 130), for when the clean stop itself hangs.
 */
final class StopSignals {
    private StopSignals() {
    }

    /** Installs the handlers; {@code firstSignal} gets the first signal's name ("INT", "TERM"). */
    static void onFirst(Consumer<String> firstSignal) {
        AtomicBoolean received = new AtomicBoolean();
        sun.misc.SignalHandler handler = signal -> {
            if (received.getAndSet(true)) {
                Runtime.getRuntime().halt(130);
            }
            firstSignal.accept(signal.getName());
        };
        Signal.handle(new Signal("INT"), handler);
        Signal.handle(new Signal("TERM"), handler);
    }
}
