package dev.lightpath.control;

import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.TargetUrl;
import dev.lightpath.loadgen.LoadTarget;
import dev.lightpath.net.AddressPool;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a load run's connections go and where they come from: its targets, each "URL" or "URL@WEIGHT"
 * (flags, else the file's target.urls or target.url), and the client address pool (--source, else
 * client.addresses; none: the interface's own address).
 *
 * @param urls     the targets as written, for the summary
 * @param sources  the client address pool, or {@link AddressPool#NONE} to send from the interface's address
 */
record LoadEndpoints(List<String> urls, List<LoadTarget> targets, AddressPool sources) {
    /**
     * @param ownPaths each target asks its own URL's path (no request mix from the file), rather than the mix's
     */
    static LoadEndpoints of(List<String> urlFlags, List<String> sourceFlags, LoadgenConfig file, boolean ownPaths) {
        List<String> urls = urlFlags != null ? urlFlags : file.urls != null ? file.urls
                : file.url != null ? List.of(file.url) : null;
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("no target: give --url or target.url in the configuration");
        }
        List<LoadTarget> targets = new ArrayList<>();
        for (String url : urls) {
            try {
                targets.add(TargetUrl.target(url, ownPaths));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((urlFlags != null ? "--url: " : "target.urls: ") + e.getMessage(), e);
            }
        }
        AddressPool sources = AddressPool.NONE;
        if (sourceFlags != null) {
            try {
                sources = AddressPool.parse(sourceFlags);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--source: " + e.getMessage(), e);
            }
        } else if (file.clientAddresses != null) {
            sources = AddressPool.parse(file.clientAddresses);
        }
        return new LoadEndpoints(List.copyOf(urls), List.copyOf(targets), sources);
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
