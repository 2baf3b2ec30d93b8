package dev.lightpath.dpdk;

import java.util.ArrayList;
import java.util.List;

/**
 * EAL memory arguments for vhost-user ports ({@code net_virtio_user} with a socket path, {@code net_vhost}):
 * vhost-user hands the peer the process's memory as file descriptors, at most eight regions of them.
 *
 * <p>So the memory must be in files: hugepages, not {@code --no-huge}'s anonymous memory, across which nothing
 * crosses. And few of them: one file per page gives hundreds of regions, and the peer refuses the table
 * ("Too many memory regions"), while {@code --single-file-segments} makes one file per segment list. The EAL
 * refuses that beside {@code --huge-unlink}, so the files are kept out of hugetlbfs altogether with
 * {@code --in-memory} (anonymous hugepage files, memfd), which leaves nothing behind either.
 */
public final class VhostUserMemory {
    private VhostUserMemory() {
    }

    /** True when a device argument opens a vhost-user port. */
    public static boolean isVhostUser(String device) {
        return device.startsWith("net_virtio_user") || device.startsWith("net_vhost")
                || device.startsWith("eth_vhost") || device.startsWith("virtio_user");
    }

    /**
     * {@code arguments} with what vhost-user needs when one of its {@code --vdev}s opens such a port and the EAL
     * is to run on hugepages; unchanged otherwise (on {@code --no-huge}, see {@link #problem}).
     */
    public static List<String> adapt(List<String> arguments) {
        if (!hasVhostUserDevice(arguments) || arguments.contains("--no-huge")) {
            return arguments;
        }
        List<String> adapted = new ArrayList<>(arguments);
        adapted.remove("--huge-unlink");
        for (String needed : List.of("--in-memory", "--single-file-segments")) {
            if (!adapted.contains(needed)) {
                adapted.add(needed);
            }
        }
        return adapted;
    }

    /** Why a vhost-user port will carry nothing with these arguments, or null when it can. */
    public static String problem(List<String> arguments) {
        if (hasVhostUserDevice(arguments) && arguments.contains("--no-huge")) {
            return "vhost-user shares memory with its peer as files, which --no-huge memory is not: nothing will "
                    + "cross; give the port hugepages (--hugepages N, or mount hugetlbfs with free pages)";
        }
        return null;
    }

    private static boolean hasVhostUserDevice(List<String> arguments) {
        return arguments.stream().anyMatch(a -> a.startsWith("--vdev=") && isVhostUser(a.substring(7)));
    }
}
