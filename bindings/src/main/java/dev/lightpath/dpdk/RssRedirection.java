package dev.lightpath.dpdk;

import dev.lightpath.dpdk.raw.rte_eth_rss_conf;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A port's RSS redirection table and hash key, written and read back through ethdev
 * ({@code rte_eth_dev_rss_reta_update}, {@code rte_eth_dev_rss_reta_query}, {@code rte_eth_dev_rss_hash_conf_get}).
 *
 * <p>The table travels in groups of {@link #GROUP_SIZE} entries ({@code struct rte_eth_rss_reta_entry64}: a mask
 * of the entries to touch, then their queues), {@link #GROUP_BYTES} each; {@code StructLayoutTest} checks both
 * against the installed headers. Control-thread calls only.
 */
public final class RssRedirection {
    /** Entries per {@code rte_eth_rss_reta_entry64} ({@code RTE_ETH_RETA_GROUP_SIZE}). */
    public static final int GROUP_SIZE = 64;
    /** {@code sizeof(struct rte_eth_rss_reta_entry64)}: a 64-bit mask and 64 16-bit queue numbers. */
    public static final int GROUP_BYTES = 8 + 2 * GROUP_SIZE;

    private static final MethodHandle RETA_UPDATE;
    private static final MethodHandle RETA_QUERY;
    private static final MethodHandle HASH_CONF_GET;

    static {
        NativeLibraries.load();
        SymbolLookup lookup = SymbolLookup.loaderLookup();
        Linker linker = Linker.nativeLinker();
        FunctionDescriptor reta = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_SHORT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_SHORT);
        RETA_UPDATE = linker.downcallHandle(lookup.findOrThrow("rte_eth_dev_rss_reta_update"), reta);
        RETA_QUERY = linker.downcallHandle(lookup.findOrThrow("rte_eth_dev_rss_reta_query"), reta);
        HASH_CONF_GET = linker.downcallHandle(lookup.findOrThrow("rte_eth_dev_rss_hash_conf_get"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_SHORT, ValueLayout.ADDRESS));
    }

    private RssRedirection() {
    }

    /** Writes the whole table: entry i sends hash buckets i to queue {@code queues[i]}. */
    static void update(int port, String name, int[] queues) {
        checkSize(name, queues.length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment groups = arena.allocate((long) GROUP_BYTES * (queues.length / GROUP_SIZE), 8);
            for (int i = 0; i < queues.length; i++) {
                long group = (long) (i / GROUP_SIZE) * GROUP_BYTES;
                int slot = i % GROUP_SIZE;
                groups.set(ValueLayout.JAVA_LONG, group, groups.get(ValueLayout.JAVA_LONG, group) | (1L << slot));
                groups.set(ValueLayout.JAVA_SHORT, group + 8 + 2L * slot, (short) queues[i]);
            }
            DpdkException.check("programming the RSS redirection table of " + name,
                    (int) RETA_UPDATE.invokeExact((short) port, groups, (short) queues.length));
        } catch (DpdkException e) {
            throw e;
        } catch (Throwable t) {
            throw new DpdkException("rte_eth_dev_rss_reta_update: " + t);
        }
    }

    /** Reads the whole table of {@code size} entries back. */
    static int[] query(int port, String name, int size) {
        checkSize(name, size);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment groups = arena.allocate((long) GROUP_BYTES * (size / GROUP_SIZE), 8);
            for (int g = 0; g < size / GROUP_SIZE; g++) {
                groups.set(ValueLayout.JAVA_LONG, (long) g * GROUP_BYTES, -1L);
            }
            DpdkException.check("reading the RSS redirection table of " + name,
                    (int) RETA_QUERY.invokeExact((short) port, groups, (short) size));
            int[] queues = new int[size];
            for (int i = 0; i < size; i++) {
                queues[i] = groups.get(ValueLayout.JAVA_SHORT,
                        (long) (i / GROUP_SIZE) * GROUP_BYTES + 8 + 2L * (i % GROUP_SIZE)) & 0xFFFF;
            }
            return queues;
        } catch (DpdkException e) {
            throw e;
        } catch (Throwable t) {
            throw new DpdkException("rte_eth_dev_rss_reta_query: " + t);
        }
    }

    /** The hash key the port uses now, {@code length} bytes of it. */
    static byte[] key(int port, String name, int length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment conf = rte_eth_rss_conf.allocate(arena);
            MemorySegment key = arena.allocate(Math.max(length, 64));
            rte_eth_rss_conf.rss_key(conf, key);
            rte_eth_rss_conf.rss_key_len(conf, (byte) length);
            DpdkException.check("reading the RSS key of " + name, (int) HASH_CONF_GET.invokeExact((short) port, conf));
            return key.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        } catch (DpdkException e) {
            throw e;
        } catch (Throwable t) {
            throw new DpdkException("rte_eth_dev_rss_hash_conf_get: " + t);
        }
    }

    private static void checkSize(String name, int size) {
        if (size <= 0 || size % GROUP_SIZE != 0) {
            throw new DpdkException(name + ": a redirection table of " + size + " entries is not whole groups of "
                    + GROUP_SIZE);
        }
    }
}
