package dev.lightpath.control;

import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.TargetUrl;
import dev.lightpath.loadgen.LoadTarget;
import dev.lightpath.net.AddressPool;
import dev.lightpath.net.Ipv6AddressPool;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a load run's connections go and where they come from: its targets, each "URL" or "URL@WEIGHT"
 * (target.urls or target.url, which --url sets), and the client address pool (client.addresses, which --source
 * sets; none: the interface's own address).
 *
 * @param urls     the targets as written, for the summary
 * @param sources  the client address pool, or {@link AddressPool#NONE} to send from the interface's address
 * @param sources6 its IPv6 blocks, or {@link Ipv6AddressPool#NONE} to send from the interface's IPv6 address
 */
record LoadEndpoints(List<String> urls, List<LoadTarget> targets, AddressPool sources, Ipv6AddressPool sources6) {
    /**
     * The endpoints of a configuration whose flags are laid over its file and whose values are checked.
     *
     * @param ownPaths each target asks its own URL's path (no request mix from the file), rather than the mix's
     */
    static LoadEndpoints of(LoadgenConfig config, boolean ownPaths) {
        List<String> urls = config.urls != null ? config.urls : config.url != null ? List.of(config.url) : null;
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("no target: give --url or target.url in the configuration");
        }
        List<LoadTarget> targets = new ArrayList<>();
        for (String url : urls) {
            targets.add(TargetUrl.target(url, ownPaths));
        }
        AddressPool sources = config.clientAddresses == null ? AddressPool.NONE
                : AddressPool.parse(config.clientAddresses);
        Ipv6AddressPool sources6 = config.clientAddresses == null ? Ipv6AddressPool.NONE
                : Ipv6AddressPool.parse(config.clientAddresses);
        return new LoadEndpoints(List.copyOf(urls), List.copyOf(targets), sources, sources6);
    }

    /** The first target's URL, without its weight: the path of a request given by flags. */
    TargetUrl first() {
        return TargetUrl.parse(urls.getFirst().replaceFirst("@\\d+$", ""));
    }

    /** The addresses connections come from, on a port whose own address is {@code interfaceAddress}. */
    AddressPool sourcesOr(int interfaceAddress) {
        return sources.isEmpty() ? AddressPool.of(interfaceAddress) : sources;
    }

    /** The targets for the progress line: "ADDRESS:PORT", and how many more. */
    String describeTargets() {
        LoadTarget first = targets.getFirst();
        String one = (first.ipv6() ? "[" + Ipv6Address.format(first.addressHigh(), first.addressLow()) + "]"
                : Ipv4Address.format(first.address())) + ":" + first.port();
        return targets.size() == 1 ? one : one + " and " + (targets.size() - 1) + " more";
    }

    /** The URLs, for the summary and report. */
    String describeUrls() {
        return String.join(" ", urls);
    }
}
