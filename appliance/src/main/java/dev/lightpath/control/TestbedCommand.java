package dev.lightpath.control;

import dev.lightpath.host.testbed.RoutedPair;
import dev.lightpath.host.testbed.TestBed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code appliance testbed}: the test bed ({@link TestBed}) for a benchmark written in bash. It builds the
 * network, prints its names, and holds it until its standard input ends (the script exits, however it exits) or it
 * is stopped, then removes it. The names carry this process's pid, so the network belongs to a running process
 * for as long as it is used, and any other bed opened meanwhile leaves it alone.
 *
 * <p>Meanwhile the script changes the bed with one line at a time on the standard input, each answered with one
 * line, {@code ok} or {@code error WHY}:
 * <pre>
 * loss PERCENT                          the router drops PERCENT of the HTTP frames it forwards, each way
 * cc ALGORITHM                          the server's and client's kernel TCP use ALGORITHM (cubic until told)
 * nginx start CIDR ROOT CORE FOLDER     nginx serves ROOT at CIDR on the server's end, on CORE, its files in FOLDER
 * nginx stop                            stops it and takes the address away
 * </pre>
 */
@Command(name = "testbed", mixinStandardHelpOptions = true,
        description = "Builds a server's and a client's network namespace joined through a router namespace (as root), "
                + "prints NAME=VALUE lines (server_ns, client_ns, router_ns, server_if, client_if, router_server_if, "
                + "router_client_if) and then 'ready', and removes it all when its standard input ends or it is "
                + "stopped. Meanwhile it takes one command a line on its standard input, answering each with 'ok' or "
                + "'error WHY': 'loss PERCENT', 'cc ALGORITHM' (the server's and client's kernel congestion control, "
                + "cubic until told), 'nginx start CIDR ROOT CORE FOLDER', 'nginx stop'. For scripts: "
                + "benchmarks/loss/run runs it as a coprocess.")
final class TestbedCommand implements Callable<Integer> {
    @Option(names = "--server-gateway", paramLabel = "CIDR", required = true,
            description = "The router's address towards the server, e.g. 198.18.70.254/24.")
    String serverGateway;

    @Option(names = "--client", paramLabel = "CIDR", required = true,
            description = "The client end's address, e.g. 198.18.71.2/24; its default route is the client gateway.")
    String client;

    @Option(names = "--client-gateway", paramLabel = "CIDR", required = true,
            description = "The router's address towards the client, e.g. 198.18.71.254/24.")
    String clientGateway;

    @Option(names = "--rps", paramLabel = "CLIENT_CORE,SERVER_CORE", split = ",", hideParamSyntax = true,
            description = "Steer the router's forwarding with RPS: towards the client on the first core, towards the "
                    + "server on the second. Default: left on the core that sent the frame.")
    int[] rps;

    @Override
    public Integer call() throws Exception {
        try (TestBed bed = TestBed.open()) {
            RoutedPair pair = RoutedPair.build(bed, serverGateway, client, clientGateway);
            if (rps != null) {
                if (rps.length != 2) {
                    throw new IllegalArgumentException("--rps takes two cores, the client's and the server's");
                }
                pair.steerForwarding(rps[0], rps[1]);
            }
            print(pair, System.out);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                System.out.println(answer(pair, line.strip()));
                System.out.flush();
            }
        }
        return 0;
    }

    /** Carries out one command line; its answer. */
    static String answer(RoutedPair pair, String line) throws InterruptedException {
        String[] words = line.split("\\s+");
        try {
            switch (words[0]) {
                case "loss" -> pair.dropHttp(Double.parseDouble(arguments(words, 2)[1]));
                case "cc" -> pair.congestionControl(arguments(words, 2)[1]);
                case "nginx" -> {
                    if (words.length == 2 && words[1].equals("stop")) {
                        pair.stopNginx();
                    } else if (words.length == 6 && words[1].equals("start")) {
                        pair.startNginx(words[2], Path.of(words[3]), Integer.parseInt(words[4]), Path.of(words[5]));
                    } else {
                        return "error 'nginx start CIDR ROOT CORE FOLDER' or 'nginx stop', not '" + line + "'";
                    }
                }
                default -> {
                    return "error unknown command '" + line + "' (loss, cc, nginx)";
                }
            }
            return "ok";
        } catch (IOException | RuntimeException e) {
            return "error " + String.valueOf(e.getMessage()).replace('\n', ' ');
        }
    }

    private static String[] arguments(String[] words, int count) {
        if (words.length != count) {
            throw new IllegalArgumentException("'" + words[0] + "' takes " + (count - 1) + " argument(s)");
        }
        return words;
    }

    static void print(RoutedPair pair, PrintStream out) {
        out.println("server_ns=" + pair.server.name());
        out.println("client_ns=" + pair.client.name());
        out.println("router_ns=" + pair.router.name());
        out.println("server_if=" + pair.serverEnd);
        out.println("client_if=" + pair.clientEnd);
        out.println("router_server_if=" + pair.routerServerEnd);
        out.println("router_client_if=" + pair.routerClientEnd);
        out.println("ready");
        out.flush();
    }
}
