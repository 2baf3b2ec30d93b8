package dev.lightpath.bench.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgramsTest {
    private final Programs programs = new Programs(Path.of("/src/lightpath"), "/jdk/bin/java",
            List.of("--enable-native-access=ALL-UNNAMED", "-Dlightpath.shim=/src/lightpath/shim.so"),
            "/src/lightpath/benchmarks/target/benchmarks.jar");

    @Test
    void theLightpathJvmIsShownAsTheLauncherAUserTypes() {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", "ns1", "taskset", "-c", "1"));
        command.addAll(programs.lightpath(List.of("loadgen", "--url", "http://198.18.102.2/",
                "--json", "/src/lightpath/out/raw/a.json")));
        assertEquals("ip netns exec ns1 taskset -c 1 bin/appliance loadgen --url http://198.18.102.2/ "
                + "--json out/raw/a.json", programs.shown(command));
        assertTrue(command.contains("-XX:ActiveProcessorCount=" + Runtime.getRuntime().availableProcessors()),
                "a pinned JVM is told the machine's cores: " + command);
    }

    @Test
    void otherProgramsAreShownWithTheirArgumentsQuoted() {
        assertEquals("wrk -H 'Connection: close' 'http://h/it'\\''s'",
                programs.shown(List.of("wrk", "-H", "Connection: close", "http://h/it's")));
        assertEquals("java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar "
                        + "dev.lightpath.bench.e2e.NettyHelloServer 0.0.0.0 8082 1",
                programs.shown(programs.netty(8082)));
    }
}
