package dev.lightpath.control;

import dev.lightpath.host.testbed.Namespace;
import dev.lightpath.host.testbed.Shell;
import dev.lightpath.host.testbed.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code appliance demo} on a fresh Debian: every program the demo starts comes from a package the launcher installs
 * for it (LP_PKGS_DEMO in bin/lib/env.sh) or from one every Debian has (priority required). A program added to the
 * demo without its package fails here, as ethtool once failed on a fresh machine.
 */
class DemoPackagesTest {
    /** Where DemoCommand names a program: the first word of a command it runs, or what it runs in the namespace. */
    private static final Pattern PROGRAM = Pattern.compile(
            "(?:\\b(?:sh|quiet|show)\\(|new ProcessBuilder\\(|new ArrayList<>\\(List\\.of\\(|NAMESPACE,)\\s*\"([^\"]+)\"");
    private static final List<String> BIN = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    @Test
    void everyProgramTheDemoRunsHasItsPackageInstalledForIt() throws Exception {
        Path home = home();
        Set<String> programs = programsTheNetworkStepsRun();
        String source = Files.readString(home.resolve("appliance/src/main/java/dev/lightpath/control/DemoCommand.java"));
        Matcher m = PROGRAM.matcher(source);
        while (m.find()) {
            programs.add(m.group(1));
        }
        assertTrue(programs.containsAll(List.of("ip", "ethtool", "curl", "taskset")), "the demo's programs are all "
                + "found: " + programs);
        Set<String> demoPackages = new TreeSet<>(List.of(shell(home, "source bin/lib/env.sh; echo $LP_PKGS_DEMO")
                .trim().split("\\s+")));
        for (String program : programs) {
            String pkg = packageOf(program);
            assertNotNull(pkg, program + " is run by the demo, but no Debian package on this machine provides it: "
                    + "install it, and add its package to LP_PKGS_DEMO in bin/lib/env.sh");
            assertTrue(demoPackages.contains(pkg) || required(pkg), program + " comes from " + pkg + ", which is "
                    + "neither in LP_PKGS_DEMO (" + demoPackages + ") nor on every Debian");
        }
    }

    /**
     * The programs the demo's network steps run through the test bed (building the network, asking as a host, and
     * removing it), recorded from a bed whose shell runs nothing: a command run in a namespace counts by the
     * program it runs there.
     */
    private static Set<String> programsTheNetworkStepsRun() throws Exception {
        Set<String> programs = new TreeSet<>();
        Shell recording = new Shell() {
            @Override
            public String run(List<String> command) {
                record(command);
                return command.getLast().endsWith("/ifindex") ? "7" : "";
            }

            @Override
            public void quiet(List<String> command) {
                record(command);
            }

            @Override
            public Process start(List<String> command, Path log) {
                record(command);
                throw new UnsupportedOperationException("the demo's network steps start no program");
            }

            private void record(List<String> command) {
                boolean inNamespace = command.size() > 3 && command.get(0).equals("ip")
                        && command.get(1).equals("netns") && command.get(2).equals("exec");
                programs.add(inNamespace ? command.get(4) : command.get(0));
            }
        };
        try (TestBed bed = TestBed.open(recording)) {
            Namespace namespace = DemoCommand.buildNetwork(bed);
            DemoCommand.askAsAHost(bed, namespace);
        }
        return programs;
    }

    /** The launcher installs the demo's packages before the demo starts, and only for the demo. */
    @Test
    void theLauncherInstallsTheDemoPackagesForTheDemo(@TempDir Path dir) throws Exception {
        Path home = home();
        assertTrue(Files.readString(home.resolve("bin/appliance")).contains("lp_ensure_command_packages \"${1:-}\""),
                "bin/appliance installs what each command needs");
        // A host with none of them: dpkg-query knows no package, and apt-get records what it is asked.
        Path fakes = Files.createDirectories(dir.resolve("bin"));
        Path asked = dir.resolve("apt-get.log");
        fake(fakes.resolve("dpkg-query"), "exit 1");
        fake(fakes.resolve("apt-get"), "echo \"$*\" >> " + asked);
        String expected = shell(home, "source bin/lib/env.sh; echo $LP_PKGS_DEMO").trim();
        shell(home, "export PATH=" + fakes + ":$PATH; source bin/lib/env.sh; lp_ensure_command_packages demo");
        List<String> calls = Files.readAllLines(asked);
        assertEquals(2, calls.size(), calls.toString());
        assertEquals("update -qq", calls.get(0));
        assertTrue(calls.get(1).endsWith("install -y -qq --no-install-recommends " + expected), calls.get(1));
        Files.delete(asked);
        shell(home, "export PATH=" + fakes + ":$PATH; source bin/lib/env.sh; lp_ensure_command_packages run");
        assertFalse(Files.exists(asked), "run installs nothing of the demo's");
    }

    private static void fake(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The Debian package that owns the program's file, on this machine; null when none does. */
    private static String packageOf(String program) throws Exception {
        for (String dir : BIN) {
            Path file = Path.of(dir, program);
            if (!Files.isExecutable(file)) {
                continue;
            }
            // Debian 12 merged /bin into /usr/bin, but dpkg records each file where its package put it.
            for (String path : List.of(file.toString(), file.toString().replaceFirst("^/usr", ""))) {
                Process dpkg = new ProcessBuilder("dpkg-query", "-S", path).redirectErrorStream(true).start();
                String out = new String(dpkg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (dpkg.waitFor() == 0) {
                    return out.substring(0, out.indexOf(':')).trim();
                }
            }
        }
        return null;
    }

    private static boolean required(String pkg) throws Exception {
        Process dpkg = new ProcessBuilder("dpkg-query", "-W", "-f=${Priority} ${Essential}", pkg).start();
        String out = new String(dpkg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        dpkg.waitFor();
        return out.startsWith("required") || out.endsWith("yes");
    }

    private static String shell(Path home, String script) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "set -euo pipefail; " + script));
        Process bash = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(60, TimeUnit.SECONDS), script);
        assertEquals(0, bash.exitValue(), script + ": " + out);
        return out;
    }

    private static Path home() {
        return DemoCommand.findConfig("demo.toml").getParent().getParent();
    }
}
