package dev.lightpath.control.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load generator's keys for rate profiles, connection arrivals and metrics: read, and refused by name. */
class LoadgenConfigProfileTest {
    @TempDir
    Path dir;

    LoadgenConfig load(String toml) throws Exception {
        Path file = dir.resolve("loadgen.toml");
        Files.writeString(file, toml);
        return new LoadgenConfig().load(file);
    }

    String refusal(String toml) {
        return assertThrows(ConfigException.class, () -> load(toml)).getMessage();
    }

    @Test
    void readsTheProfileAsTextOrAsPhaseTables() throws Exception {
        assertEquals("0:10k,30s:100k", load("[load]\nprofile = \"0:10k,30s:100k\"\nconnect_rate = 5000\n").profile);
        assertEquals(5000L, load("[load]\nconnect_rate = 5000\n").connectRate);
        LoadgenConfig phases = load("""
                [[phase]]
                at = "0s"
                rate = 10000
                [[phase]]
                at = "30s"
                rate = 100000
                """);
        assertEquals("0s:10000,30s:100000", phases.profileText());
        assertTrue(phases.describe().contains("[[phase]]\nat = \"30s\"\nrate = 100000\n"), phases.describe());
        assertEquals("127.0.0.1:9101", load("[stats]\nmetrics = \"127.0.0.1:9101\"\n").engine.metricsAddress,
                "the former key of metrics.address");
        assertEquals("127.0.0.1:9102", load("[metrics]\naddress = \"127.0.0.1:9102\"\n").engine.metricsAddress);
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertTrue(refusal("[load]\nprofile = \"5s:1k\"\n").contains("load.profile"));
        assertTrue(refusal("[load]\nconnect_rate = -1\n").contains("load.connect_rate"));
        assertTrue(refusal("[stats]\nmetrics = \"nowhere\"\n").contains("stats.metrics"));
        assertTrue(refusal("[[phase]]\nat = \"5s\"\nrate = 10\n").contains("phase"));
        assertTrue(refusal("[[phase]]\nrate = 10\n").contains("'at' time"));
    }

    @Test
    void theProfileAndItsPhaseTablesAreOneRuleNamingBothKeys() throws Exception {
        LoadgenConfig both = load("[load]\nprofile = \"0:1k\"\n[[phase]]\nat = \"0s\"\nrate = 10\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SettingRule.checkAll(both, LoadgenSettings.RULES));
        assertEquals("--profile: give the profile either as load.profile or as [[phase]] tables, not both "
                + "[load.profile, phase]", refused.getMessage());
        LoadgenConfig rated = load("[load]\nrate = 100\n[[phase]]\nat = \"0s\"\nrate = 10\n");
        assertEquals("--rate: give one, not both [phase, load.rate]",
                assertThrows(IllegalArgumentException.class, () -> SettingRule.checkAll(rated, LoadgenSettings.RULES))
                        .getMessage());
    }
}
