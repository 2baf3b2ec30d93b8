package dev.lightpath.control;

import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.control.config.TargetServerName;
import dev.lightpath.control.config.TargetUrl;
import dev.lightpath.control.config.TlsSettings;
import dev.lightpath.loadgen.LoadTarget;
import dev.lightpath.net.AddressPool;
import dev.lightpath.net.Ipv6AddressPool;
import dev.lightpath.tls.TlsClientSettings;
import dev.lightpath.wire.Ipv4Address;
import dev.lightpath.wire.Ipv6Address;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * @param tls      what the connections' TLS does, for https:// targets; null for http://
 */
record LoadEndpoints(List<String> urls, List<LoadTarget> targets, AddressPool sources, Ipv6AddressPool sources6,
                     TlsClientSettings tls) {
    /**
     * The endpoints of a configuration whose flags are laid over its file and whose values are checked.
     *
     * @param ownPaths each target asks its own URL's path (no request mix from the file), rather than the mix's
     */
    static LoadEndpoints of(LoadgenConfig config, boolean ownPaths) {
        List<String> urls = config.targetUrls();
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no target: give --url or target.url in the configuration");
        }
        boolean https = TargetUrl.isHttps(urls.getFirst());
        List<TargetServerName> named = config.tlsTargetNames == null ? List.of()
                : config.tlsTargetNames.stream().map(TargetServerName::parse).toList();
        if (!https && !named.isEmpty()) {
            throw new IllegalArgumentException("tls.target_names (--target-name) names https:// targets, and these "
                    + "are http://");
        }
        List<LoadTarget> targets = new ArrayList<>();
        List<TlsClientSettings.Peer> peers = new ArrayList<>();
        for (String url : urls) {
            if (TargetUrl.isHttps(url) != https) {
                throw new IllegalArgumentException("give every target one scheme, http:// or https://, not both");
            }
            LoadTarget target = TargetUrl.target(url, ownPaths);
            String name = https ? nameOf(target, named, config.tlsServerName) : null;
            if (name != null) {
                // The name the certificate carries is the one the server's virtual hosts answer to as well.
                target = new LoadTarget(target.address(), target.port(), name
                        + (target.port() == 443 ? "" : ":" + target.port()), target.path(), target.weight(),
                        target.ipv6(), target.addressHigh(), target.addressLow());
            }
            targets.add(target);
            peers.add(new TlsClientSettings.Peer(name, TargetUrl.parse(url.replaceFirst("@\\d+$", "")).addressText()));
        }
        for (TargetServerName entry : named) {
            if (targets.stream().noneMatch(entry::names)) {
                throw new IllegalArgumentException("tls.target_names (--target-name): " + entry.address().host()
                        + " is none of the targets' addresses");
            }
        }
        AddressPool sources = config.clientAddresses == null ? AddressPool.NONE
                : AddressPool.parse(config.clientAddresses);
        Ipv6AddressPool sources6 = config.clientAddresses == null ? Ipv6AddressPool.NONE
                : Ipv6AddressPool.parse(config.clientAddresses);
        TlsClientSettings tls = https ? tls(config, urls, peers) : null;
        return new LoadEndpoints(List.copyOf(urls), List.copyOf(targets), sources, sources6, tls);
    }

    /** The TLS of https:// targets from the tls.* keys: checked against the system's store unless told otherwise. */
    private static TlsClientSettings tls(LoadgenConfig config, List<String> urls, List<TlsClientSettings.Peer> peers) {
        TlsClientSettings tls = new TlsClientSettings();
        tls.verify = !config.tlsInsecure;
        tls.trusted = config.tlsCacert == null ? null : Path.of(config.tlsCacert);
        if (tls.verify && tls.trusted != null && !Files.isReadable(tls.trusted)) {
            throw new IllegalArgumentException("tls.cacert: " + tls.trusted + " is not a readable file");
        }
        tls.serverName = config.tlsServerName;
        tls.resume = config.tlsResume;
        int[] range = TlsSettings.versionRange(config.tlsVersions);
        tls.minVersion = range[0];
        tls.maxVersion = range[1];
        if (tls.verify && tls.serverName == null) {
            tls.address = TargetUrl.parse(urls.getFirst().replaceFirst("@\\d+$", "")).addressText();
        }
        // Each target its own identity: the name given for it, else --server-name, else its own address.
        tls.peers = List.copyOf(peers);
        return tls;
    }

    /**
     * The name an https:// target's connections send and check: the tls.target_names entry for its address and
     * port, else the one for its address, else tls.server_name; null when none (its address is checked).
     */
    private static String nameOf(LoadTarget target, List<TargetServerName> named, String serverName) {
        String byAddress = null;
        for (TargetServerName entry : named) {
            if (entry.names(target)) {
                if (entry.portGiven()) {
                    return entry.name();
                }
                byAddress = byAddress == null ? entry.name() : byAddress;
            }
        }
        return byAddress != null ? byAddress : serverName;
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
