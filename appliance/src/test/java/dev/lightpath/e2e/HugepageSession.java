package dev.lightpath.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hugepages for a whole test run, when asked for with {@code -Dlightpath.e2e.hugepages=N} (the {@code e2e-hugepages}
 * profile does): N pages reserved and a hugetlbfs mounted before the first test, so every appliance and load
 * generator the end-to-end tests start runs on hugepages (the engine takes them when they are mounted and free),
 * and given back after the last. {@link ApplianceProcess} then fails any of them that fell back to ordinary memory.
 */
public final class HugepageSession implements LauncherSessionListener {
    /** The pages asked for, 0 when the run is not on hugepages. */
    static final int PAGES = Integer.getInteger("lightpath.e2e.hugepages", 0);

    private HugepageLease lease;
    private Path scratch;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (PAGES <= 0) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("-Dlightpath.e2e.hugepages needs root, to reserve and mount hugepages");
        }
        try {
            scratch = Files.createTempDirectory("lightpath-hugepages");
            lease = new HugepageLease(PAGES, scratch);
            System.out.printf("end-to-end tests on hugepages: %d reserved, %d free%n", PAGES, lease.free());
        } catch (Exception e) {
            throw new IllegalStateException("reserving " + PAGES + " hugepages for the run: " + e.getMessage(), e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (lease == null) {
            return;
        }
        try {
            lease.close();
            Files.deleteIfExists(scratch.resolve("hugepages"));
            Files.deleteIfExists(scratch);
        } catch (Exception e) {
            throw new IllegalStateException("giving the run's hugepages back: " + e.getMessage(), e);
        }
    }
}
