package dev.lightpath.engine;

/**
 * A graceful stop, asked by the control thread and carried out by each worker on its own connections: the
 * request is one volatile flag every core reads once per duty cycle; each core answers with how many of its
 * connections are still live. Nothing else crosses between the threads.
 */
public final class Drain {
    private volatile boolean requested;
    private final Core[] cores;

    /** One core's answer, written only when it changes. */
    private static final class Core {
        private volatile int live = -1;
    }

    public Drain(int workers) {
        cores = new Core[workers];
        for (int i = 0; i < workers; i++) {
            cores[i] = new Core();
        }
    }

    /** The view one worker uses. */
    public Drain.View view(int worker) {
        return new View(this, cores[worker]);
    }

    public void request() {
        requested = true;
    }

    /** Connections still live over all cores, or -1 while some core has not answered yet. */
    public int live() {
        int sum = 0;
        for (Core core : cores) {
            int n = core.live;
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    /** What a worker sees of the drain. */
    public static final class View {
        private final Drain drain;
        private final Core core;

        private View(Drain drain, Core core) {
            this.drain = drain;
            this.core = core;
        }

        boolean requested() {
            return drain.requested;
        }

        void report(int live) {
            if (core.live != live) {
                core.live = live;
            }
        }
    }
}
