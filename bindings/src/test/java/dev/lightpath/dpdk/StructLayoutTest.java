package dev.lightpath.dpdk;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compiles {@code src/test/c/layout.c} against the installed DPDK, runs it, and checks every offset, size and
 * constant the Java side relies on: the generated bindings' layouts and the hand-written constants in
 * {@link Mbuf} and {@link Offloads}. A mismatch (another DPDK version) names the field.
 */
class StructLayoutTest {
    private static final Map<String, long[]> C = new LinkedHashMap<>();

    @BeforeAll
    static void compileAndRun() throws Exception {
        Path sources = Path.of(System.getProperty("lightpath.c.sources", "src/main/c")).getParent().getParent()
                .resolve("test/c/layout.c");
        Path out = Files.createTempDirectory("layout");
        Path binary = out.resolve("layout");
        String cflags = run(List.of("pkg-config", "--cflags", "libdpdk")).trim();
        List<String> compile = new ArrayList<>(List.of("gcc", "-O0", "-o", binary.toString(), sources.toString()));
        compile.addAll(List.of(cflags.split("\\s+")));
        run(compile);
        for (String line : run(List.of(binary.toString())).split("\n")) {
            String[] parts = line.trim().split(" ");
            C.put(parts[0], new long[] {Long.parseUnsignedLong(parts[1]), Long.parseLong(parts[2])});
        }
        assertTrue(C.size() > 50, "layout program printed " + C.size() + " entries");
    }

    @Test
    void mbufFieldsJavaReadsDirectly() {
        expectOffset("rte_mbuf.buf_addr", Mbuf.BUF_ADDR);
        expectOffset("rte_mbuf.data_off", Mbuf.DATA_OFF);
        expectOffset("rte_mbuf.refcnt", Mbuf.REFCNT);
        expectOffset("rte_mbuf.nb_segs", Mbuf.NB_SEGS);
        expectOffset("rte_mbuf.port", Mbuf.PORT);
        expectOffset("rte_mbuf.ol_flags", Mbuf.OL_FLAGS);
        expectOffset("rte_mbuf.packet_type", Mbuf.PACKET_TYPE);
        expectOffset("rte_mbuf.pkt_len", Mbuf.PKT_LEN);
        expectOffset("rte_mbuf.data_len", Mbuf.DATA_LEN);
        expectOffset("rte_mbuf.vlan_tci", Mbuf.VLAN_TCI);
        expectOffset("rte_mbuf.hash", Mbuf.HASH_RSS);
        expectOffset("rte_mbuf.buf_len", Mbuf.BUF_LEN);
        expectOffset("rte_mbuf.pool", Mbuf.POOL);
        expectOffset("rte_mbuf.next", Mbuf.NEXT);
        expectOffset("rte_mbuf.tx_offload", Mbuf.TX_OFFLOAD);
        expect("sizeof(struct rte_mbuf)", C.get("rte_mbuf")[1], Mbuf.SIZE);
        expect("RTE_PKTMBUF_HEADROOM", C.get("RTE_PKTMBUF_HEADROOM")[0], Mbuf.HEADROOM);
    }

    @Test
    void constantsJavaUses() {
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("RTE_MBUF_F_RX_VLAN", Mbuf.RX_VLAN);
        java.put("RTE_MBUF_F_RX_RSS_HASH", Mbuf.RX_RSS_HASH);
        java.put("RTE_MBUF_F_RX_L4_CKSUM_BAD", Mbuf.RX_L4_CKSUM_BAD);
        java.put("RTE_MBUF_F_RX_IP_CKSUM_BAD", Mbuf.RX_IP_CKSUM_BAD);
        java.put("RTE_MBUF_F_RX_VLAN_STRIPPED", Mbuf.RX_VLAN_STRIPPED);
        java.put("RTE_MBUF_F_RX_IP_CKSUM_GOOD", Mbuf.RX_IP_CKSUM_GOOD);
        java.put("RTE_MBUF_F_RX_L4_CKSUM_GOOD", Mbuf.RX_L4_CKSUM_GOOD);
        java.put("RTE_MBUF_F_RX_IP_CKSUM_MASK", Mbuf.RX_IP_CKSUM_MASK);
        java.put("RTE_MBUF_F_RX_L4_CKSUM_MASK", Mbuf.RX_L4_CKSUM_MASK);
        java.put("RTE_MBUF_F_RX_IP_CKSUM_NONE", Mbuf.RX_IP_CKSUM_MASK);
        java.put("RTE_MBUF_F_RX_L4_CKSUM_NONE", Mbuf.RX_L4_CKSUM_MASK);
        java.put("RTE_MBUF_F_TX_TCP_SEG", Mbuf.TX_TCP_SEG);
        java.put("RTE_MBUF_F_TX_TCP_CKSUM", Mbuf.TX_TCP_CKSUM);
        java.put("RTE_MBUF_F_TX_UDP_CKSUM", Mbuf.TX_UDP_CKSUM);
        java.put("RTE_MBUF_F_TX_IP_CKSUM", Mbuf.TX_IP_CKSUM);
        java.put("RTE_MBUF_F_TX_IPV4", Mbuf.TX_IPV4);
        java.put("RTE_MBUF_F_TX_IPV6", Mbuf.TX_IPV6);
        java.put("RTE_MBUF_F_TX_VLAN", Mbuf.TX_VLAN);
        java.put("RTE_ETH_TX_OFFLOAD_VLAN_INSERT", Offloads.TX_VLAN_INSERT);
        java.put("RTE_ETH_TX_OFFLOAD_IPV4_CKSUM", Offloads.TX_IPV4_CKSUM);
        java.put("RTE_ETH_TX_OFFLOAD_UDP_CKSUM", Offloads.TX_UDP_CKSUM);
        java.put("RTE_ETH_TX_OFFLOAD_TCP_CKSUM", Offloads.TX_TCP_CKSUM);
        java.put("RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE", Offloads.TX_MBUF_FAST_FREE);
        java.put("RTE_ETH_TX_OFFLOAD_TCP_TSO", Offloads.TX_TCP_TSO);
        java.put("RTE_ETH_TX_OFFLOAD_MULTI_SEGS", Offloads.TX_MULTI_SEGS);
        java.put("RTE_ETH_RX_OFFLOAD_TCP_LRO", Offloads.RX_TCP_LRO);
        java.put("RTE_ETH_RX_OFFLOAD_SCATTER", Offloads.RX_SCATTER);
        java.put("RTE_ETH_RX_OFFLOAD_VLAN_STRIP", Offloads.RX_VLAN_STRIP);
        java.put("RTE_ETH_RX_OFFLOAD_IPV4_CKSUM", Offloads.RX_IPV4_CKSUM);
        java.put("RTE_ETH_RX_OFFLOAD_UDP_CKSUM", Offloads.RX_UDP_CKSUM);
        java.put("RTE_ETH_RX_OFFLOAD_TCP_CKSUM", Offloads.RX_TCP_CKSUM);
        java.put("RTE_ETH_RX_OFFLOAD_RSS_HASH", Offloads.RX_RSS_HASH);
        java.put("RTE_ETH_RSS_IPV4", Offloads.RSS_IPV4);
        java.put("RTE_ETH_RSS_FRAG_IPV4", Offloads.RSS_FRAG_IPV4);
        java.put("RTE_ETH_RSS_NONFRAG_IPV4_TCP", Offloads.RSS_NONFRAG_IPV4_TCP);
        java.put("RTE_ETH_RSS_NONFRAG_IPV4_UDP", Offloads.RSS_NONFRAG_IPV4_UDP);
        java.put("RTE_ETH_RSS_NONFRAG_IPV4_OTHER", Offloads.RSS_NONFRAG_IPV4_OTHER);
        java.put("RTE_ETH_RSS_IPV6", Offloads.RSS_IPV6);
        java.put("RTE_ETH_RSS_NONFRAG_IPV6_TCP", Offloads.RSS_NONFRAG_IPV6_TCP);
        java.put("RTE_ETH_RSS_NONFRAG_IPV6_UDP", Offloads.RSS_NONFRAG_IPV6_UDP);
        java.forEach((name, value) -> expect(name, C.get(name)[0], value));
        // Port.link() reads the link bitfield by mask: status 4, duplex 1, autoneg 2, in the 16 bits at offset 4.
        expect("rte_eth_link.link_status bit", C.get("rte_eth_link.link_status.bits")[0], 4);
        expect("rte_eth_link.link_duplex bit", C.get("rte_eth_link.link_duplex.bits")[0], 1);
        expect("rte_eth_link.link_autoneg bit", C.get("rte_eth_link.link_autoneg.bits")[0], 2);
        expect("sizeof(struct rte_eth_link)", C.get("rte_eth_link")[1], 8);
    }

    @Test
    void redirectionTableGroupsAsRssRedirectionWritesThem() {
        expect("RTE_ETH_RETA_GROUP_SIZE", C.get("RTE_ETH_RETA_GROUP_SIZE")[0], RssRedirection.GROUP_SIZE);
        expect("sizeof(struct rte_eth_rss_reta_entry64)", C.get("rte_eth_rss_reta_entry64")[1],
                RssRedirection.GROUP_BYTES);
        expectOffset("rte_eth_rss_reta_entry64.mask", 0);
        expectOffset("rte_eth_rss_reta_entry64.reta", 8);
    }

    @Test
    void generatedBindingsMatchTheInstalledHeaders() throws Exception {
        int checked = 0;
        for (Map.Entry<String, long[]> entry : C.entrySet()) {
            String name = entry.getKey();
            if (!name.startsWith("rte_") || name.endsWith(".bits")) {
                continue;
            }
            String[] parts = name.split("\\.");
            Class<?> struct;
            try {
                struct = Class.forName("dev.lightpath.dpdk.raw." + parts[0]);
            } catch (ClassNotFoundException notGenerated) {
                continue;
            }
            if (parts.length == 1) {
                MemoryLayout layout = (MemoryLayout) struct.getMethod("layout").invoke(null);
                expect("sizeof(struct " + name + ") in the bindings", entry.getValue()[1], layout.byteSize());
            } else {
                Method offset = struct.getMethod(parts[1] + "$offset");
                expect("offsetof(" + name + ") in the bindings", entry.getValue()[0], (long) offset.invoke(null));
                Method layout = struct.getMethod(parts[1] + "$layout");
                expect("sizeof(" + name + ") in the bindings", entry.getValue()[1],
                        ((MemoryLayout) layout.invoke(null)).byteSize());
            }
            checked++;
        }
        assertTrue(checked >= 40, "only " + checked + " layout entries were compared");
    }

    private static void expectOffset(String field, long java) {
        long[] c = C.get(field);
        if (c == null) {
            fail("layout.c does not print " + field);
        }
        expect("offsetof(" + field + ")", c[0], java);
    }

    private static void expect(String what, long c, long java) {
        assertEquals(c, java, what + ": the installed DPDK says " + c + ", Java assumes " + java);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            fail(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
