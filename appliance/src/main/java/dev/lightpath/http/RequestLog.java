package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.tcp.TcpStream;
import dev.lightpath.wire.Ipv6Address;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The access log, in the Common Log Format, written by a thread of its own: each core puts fixed-size
 * records into its own single-producer ring (Agrona's, with ordered stores, never a lock), and a record that
 * finds the ring full is dropped and counted rather than waited for, so logging never slows or blocks the fast
 * path. The writer drains every ring a few times a second.
 */
public final class RequestLog implements AutoCloseable {
    /** Longest target recorded; a longer one is cut. */
    static final int MAX_TARGET = 512;
    private static final int RECORD_TYPE = 1;
    /** A record's fixed part: time, client address (IPv4, or the family's mark and IPv6's two words), request, answer. */
    private static final int HEADER = 56;
    private static final int IPV6 = 6;
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final List<Core> cores = new ArrayList<>();
    private final Thread writer;
    private volatile boolean running = true;

    /** One core's side: the ring it writes and the record it fills. */
    public static final class Core {
        private final OneToOneRingBuffer ring;
        private final UnsafeBuffer record = new UnsafeBuffer(ByteBuffer.allocateDirect(HEADER + MAX_TARGET));
        private long dropped;

        private Core(int bytes) {
            ring = new OneToOneRingBuffer(new UnsafeBuffer(
                    ByteBuffer.allocateDirect(bytes + RingBufferDescriptor.TRAILER_LENGTH)));
        }

        /** Records one answered request; drops it (counted) when the writer has fallen behind. */
        void log(long epochMillis, TcpStream client, int method, int version, int status, long bytes,
                 long target, int targetLength, byte[] targetBytes) {
            int n = Math.min(targetLength, MAX_TARGET);
            record.putLong(0, epochMillis);
            record.putInt(8, client.remoteAddress());
            record.putInt(36, client.ipv6() ? IPV6 : 4);
            record.putLong(40, client.remoteAddressHigh());
            record.putLong(48, client.remoteAddressLow());
            record.putInt(12, method);
            record.putInt(16, version);
            record.putInt(20, status);
            record.putLong(24, bytes);
            record.putInt(32, n);
            if (targetBytes != null) {
                record.putBytes(HEADER, targetBytes, 0, n);
            } else {
                for (int i = 0; i < n; i++) {
                    record.putByte(HEADER + i, NativeMemory.getByte(target + i));
                }
            }
            if (!ring.write(RECORD_TYPE, record, 0, HEADER + n)) {
                dropped++;
            }
        }

        public long dropped() {
            return dropped;
        }
    }

    public RequestLog(Path file) throws IOException {
        this.file = file;
        Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        writer = new Thread(this::run, "lightpath-access-log");
        writer.setDaemon(true);
    }

    /** A ring for one more core; all are made before {@link #start}. */
    public Core newCore() {
        Core core = new Core(1 << 20);
        cores.add(core);
        return core;
    }

    public void start() {
        writer.start();
    }

    private void run() {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            StringBuilder line = new StringBuilder();
            boolean last = false;
            while (!last) {
                last = !running;
                int read = 0;
                for (Core core : cores) {
                    read += core.ring.read((type, buffer, offset, length) -> {
                        format(buffer, offset, line);
                        try {
                            out.append(line).append('\n');
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, 4096);
                }
                out.flush();
                if (read == 0 && !last) {
                    Thread.sleep(100);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            System.getLogger("lightpath.http").log(System.Logger.Level.ERROR, "access log " + file + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void format(org.agrona.DirectBuffer buffer, int offset, StringBuilder line) {
        line.setLength(0);
        if (buffer.getInt(offset + 36) == IPV6) {
            line.append(Ipv6Address.format(buffer.getLong(offset + 40), buffer.getLong(offset + 48)));
        } else {
            int address = buffer.getInt(offset + 8);
            line.append(address >>> 24).append('.').append(address >>> 16 & 0xff).append('.')
                    .append(address >>> 8 & 0xff).append('.').append(address & 0xff);
        }
        line.append(" - - [").append(CLF.format(Instant.ofEpochMilli(buffer.getLong(offset)))).append("] \"");
        int method = buffer.getInt(offset + 12);
        line.append(method == HttpMethod.UNKNOWN ? "-" : HttpMethod.name(method)).append(' ');
        int n = buffer.getInt(offset + 32);
        byte[] target = new byte[n];
        buffer.getBytes(offset + HEADER, target);
        for (byte b : target) {
            // The target is the client's: escape what could forge a log line.
            int c = b & 0xff;
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
                line.append(String.format(Locale.ROOT, "\\x%02x", c));
            } else {
                line.append((char) c);
            }
        }
        int version = buffer.getInt(offset + 16);
        line.append(version == 10 ? " HTTP/1.0\" " : " HTTP/1.1\" ").append(buffer.getInt(offset + 20)).append(' ')
                .append(buffer.getLong(offset + 24));
    }

    /** Drains what is left and stops the writer. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        if (writer.isAlive()) {
            writer.join(5000);
        }
    }
}
