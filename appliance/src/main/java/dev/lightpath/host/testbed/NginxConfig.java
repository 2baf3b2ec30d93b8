package dev.lightpath.host.testbed;

import java.nio.file.Path;

/**
 * An nginx configuration that a test, the demo or a benchmark can run unprivileged-style beside others: in the
 * foreground (so {@link KernelPeer} can stop it), one worker, and every file nginx writes (pid, error log, request
 * bodies and proxy buffers) in {@code folder} rather than in the system's paths, which two nginx at once would
 * share. The caller gives what differs: the {@code http} block's body and any other main-context lines.
 *
 * @param folder            where nginx writes; its error log is {@code folder/error.log}
 * @param workerConnections the {@code events} block's limit
 * @param main              further main-context lines ({@code master_process off;}, {@code user root;}), or ""
 * @param http              the {@code http} block's body: servers, logs, upstreams
 */
public record NginxConfig(Path folder, int workerConnections, String main, String http) {
    public static NginxConfig of(Path folder, int workerConnections, String http) {
        return new NginxConfig(folder, workerConnections, "", http);
    }

    public NginxConfig withMain(String lines) {
        return new NginxConfig(folder, workerConnections, lines, http);
    }

    public Path errorLog() {
        return folder.resolve("error.log");
    }

    public Path pidFile() {
        return folder.resolve("nginx.pid");
    }

    public String text() {
        return """
                daemon off;
                worker_processes 1;
                pid %1$s;
                error_log %2$s;
                events { worker_connections %3$d; }
                %4$s
                http {
                  client_body_temp_path %5$s;
                  proxy_temp_path %5$s;
                  fastcgi_temp_path %5$s;
                  uwsgi_temp_path %5$s;
                  scgi_temp_path %5$s;
                %6$s}
                """.formatted(pidFile(), errorLog(), workerConnections, main.strip(), folder, http.indent(2));
    }
}
