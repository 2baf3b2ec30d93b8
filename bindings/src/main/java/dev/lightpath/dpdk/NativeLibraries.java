package dev.lightpath.dpdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads the shim, and with it DPDK's libraries, into this class loader so that both the shim's functions and
 * the generated bindings ({@code SymbolLookup.loaderLookup()}) resolve. The shim is linked against every DPDK
 * library the Java side calls, so loading it is enough.
 *
 * <p>Where the shim comes from: the system property {@code lightpath.shim} (set by {@code bin/appliance} and the
 * build to the freshly compiled {@code bindings/target/native/liblightpath_shim.so}), else the copy packaged in
 * the bindings jar, extracted to a temporary file.
 */
public final class NativeLibraries {
    private static final String RESOURCE = "/native/liblightpath_shim.so";
    private static volatile boolean loaded;
    private static volatile Throwable failure;

    private NativeLibraries() {
    }

    /** Loads once; throws {@link DpdkException} explaining what is missing when it cannot. */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (NativeLibraries.class) {
            if (loaded) {
                return;
            }
            if (failure != null) {
                throw new DpdkException("DPDK is not available: " + failure.getMessage(), failure);
            }
            try {
                System.load(locateShim().toString());
                loaded = true;
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                failure = e;
                throw new DpdkException("DPDK is not available: " + e.getMessage()
                        + " (are the DPDK 22.11 libraries installed? apt-get install dpdk)", e);
            }
        }
    }

    /** True when the shim and DPDK load on this machine; never throws. */
    public static boolean available() {
        try {
            load();
            return true;
        } catch (DpdkException e) {
            return false;
        }
    }

    private static Path locateShim() {
        String configured = System.getProperty("lightpath.shim");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (Files.isRegularFile(path)) {
                return path.toAbsolutePath();
            }
        }
        try (InputStream in = NativeLibraries.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shim was not built: no " + configured + " and no " + RESOURCE
                        + " on the class path (build with ./mvnw package)");
            }
            Path copy = Files.createTempFile("liblightpath_shim", ".so");
            copy.toFile().deleteOnExit();
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the shim", e);
        }
    }
}
