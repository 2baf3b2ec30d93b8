package dev.lightpath.dpdk;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PCI device as the EAL's {@code -a} option takes it: {@code DOMAIN:BUS:DEVICE.FUNCTION}, the domain optional
 * ({@code 0000:03:00.0} or {@code 03:00.0}), then the driver's own arguments after a comma
 * ({@code 0000:03:00.0,rx_low_latency=1}). Anything else in a device list is a virtual device's arguments.
 */
public final class PciAddress {
    private static final Pattern ADDRESS = Pattern.compile(
            "((?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7])(,.*)?");

    private PciAddress() {
    }

    /** True when the device arguments start with a PCI address rather than a virtual device's name. */
    public static boolean matches(String deviceArguments) {
        return ADDRESS.matcher(deviceArguments).matches();
    }

    /** The address with its domain, lower case, as sysfs and DPDK name the device: {@code 0000:03:00.0}. */
    public static String of(String deviceArguments) {
        Matcher m = ADDRESS.matcher(deviceArguments);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + deviceArguments + "' is not a PCI address such as 0000:03:00.0");
        }
        String address = m.group(1).toLowerCase(Locale.ROOT);
        return address.length() == 7 ? "0000:" + address : address;
    }
}
