package dev.lightpath.control;

import dev.lightpath.control.config.LoadgenConfig;
import dev.lightpath.tls.TlsClientSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The TLS identity of each https:// target: its own name when one is given for it, else the run's, else its address. */
class LoadEndpointsTest {
    static LoadgenConfig https(String... urls) {
        LoadgenConfig config = new LoadgenConfig();
        config.urls = List.of(urls);
        return config;
    }

    @Test
    void eachTargetWithoutANameIsCheckedAgainstItsOwnAddress() {
        LoadEndpoints endpoints = LoadEndpoints.of(https("https://198.18.0.1/@3", "https://198.18.0.3:8443/"), true);
        assertEquals(List.of(new TlsClientSettings.Peer(null, "198.18.0.1"), new TlsClientSettings.Peer(null, "198.18.0.3")),
                endpoints.tls().peers);
        assertEquals("198.18.0.1", endpoints.targets().get(0).host());
        assertEquals("198.18.0.3:8443", endpoints.targets().get(1).host());
    }

    @Test
    void aTargetsOwnNameIsItsSniAndHostAndTheRunsNameServesTheOthers() {
        LoadgenConfig config = https("https://198.18.0.1/", "https://198.18.0.3:8443/", "https://198.18.0.3/",
                "https://[2001:db8::7]/");
        config.tlsServerName = "www.example.test";
        config.tlsTargetNames = List.of("198.18.0.3=any-port.example.test", "198.18.0.3:8443=api.example.test",
                "[2001:db8::7]:443=six.example.test");
        LoadEndpoints endpoints = LoadEndpoints.of(config, true);
        List<TlsClientSettings.Peer> peers = endpoints.tls().peers;
        assertEquals(new TlsClientSettings.Peer("www.example.test", "198.18.0.1"), peers.get(0));
        assertEquals(new TlsClientSettings.Peer("api.example.test", "198.18.0.3"), peers.get(1),
                "the entry with the port before the one without");
        assertEquals(new TlsClientSettings.Peer("any-port.example.test", "198.18.0.3"), peers.get(2));
        assertEquals(new TlsClientSettings.Peer("six.example.test", "2001:db8::7"), peers.get(3));
        assertEquals(List.of("www.example.test", "api.example.test:8443", "any-port.example.test", "six.example.test"),
                endpoints.targets().stream().map(t -> t.host()).toList());
        assertEquals("TLS 1.2 to 1.3, SNI per target (www.example.test, api.example.test, "
                + "any-port.example.test, six.example.test), verified against the system's store, full handshakes",
                endpoints.tls().toString());
    }

    @Test
    void plainHttpHasNoTls() {
        LoadgenConfig config = new LoadgenConfig();
        config.url = "http://198.18.0.1/";
        assertNull(LoadEndpoints.of(config, true).tls());
    }
}
