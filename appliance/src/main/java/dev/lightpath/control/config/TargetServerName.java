package dev.lightpath.control.config;

import dev.lightpath.loadgen.LoadTarget;

/**
 * The TLS name of one https:// target, written "ADDRESS=NAME" or "ADDRESS:PORT=NAME" ("[IPv6]:PORT=NAME"): the
 * name its connections send in SNI, check its certificate against and send as Host. Without a port it names
 * every target at that address. The engine has no resolver, so a URL's host is an address and its name is
 * given here, per target, when a run's targets are different servers.
 *
 * @param portGiven false: any port of {@code address} matches
 */
public record TargetServerName(TargetUrl address, boolean portGiven, String name) {
    /** Parses one entry of tls.target_names; an error says what is wrong with it. */
    public static TargetServerName parse(String text) {
        int equals = text.lastIndexOf('=');
        if (equals <= 0 || equals == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not ADDRESS[:PORT]=NAME");
        }
        String where = text.substring(0, equals).strip();
        String name = LoadgenSettings.serverName(text.substring(equals + 1).strip());
        TargetUrl address;
        try {
            address = TargetUrl.parse("https://" + where + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': '" + where + "' is not an address, [IPv6] or "
                    + "either with :PORT", e);
        }
        boolean portGiven = where.startsWith("[") ? where.contains("]:") : where.contains(":");
        return new TargetServerName(address, portGiven, name);
    }

    /** True when {@code target} is at this entry's address (and port, when one is given). */
    public boolean names(LoadTarget target) {
        if (target.ipv6() != address.ipv6() || portGiven && target.port() != address.port()) {
            return false;
        }
        return target.ipv6() ? target.addressHigh() == address.addressHigh() && target.addressLow() == address.addressLow()
                : target.address() == address.address();
    }
}
