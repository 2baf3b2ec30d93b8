package dev.lightpath.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Vendor and device names from the pci.ids database (Debian's pci.ids package), as lspci shows them. */
final class PciIds {
    private static final List<String> DATABASES = List.of("usr/share/misc/pci.ids", "usr/share/hwdata/pci.ids");

    private PciIds() {
    }

    /** "Red Hat, Inc. Virtio 1.0 network device" for 0x1af4, 0x1041; the ids themselves when unknown. */
    static String name(Path root, String vendorId, String deviceId) {
        String ids = hex(vendorId) + ":" + hex(deviceId);
        if (vendorId == null || deviceId == null) {
            return ids;
        }
        for (String database : DATABASES) {
            Path file = root.resolve(database);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                String vendorName = null;
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    if (!line.startsWith("\t")) {
                        if (vendorName != null) {
                            break;
                        }
                        if (line.startsWith(hex(vendorId) + "  ")) {
                            vendorName = line.substring(6).trim();
                        }
                    } else if (vendorName != null && !line.startsWith("\t\t")
                            && line.startsWith("\t" + hex(deviceId) + "  ")) {
                        return vendorName + " " + line.substring(7).trim();
                    }
                }
                if (vendorName != null) {
                    return vendorName + " device " + hex(deviceId);
                }
            } catch (IOException e) {
                return ids;
            }
        }
        return ids;
    }

    private static String hex(String id) {
        return id == null ? "????" : id.toLowerCase(java.util.Locale.ROOT).replaceFirst("^0x", "");
    }
}
