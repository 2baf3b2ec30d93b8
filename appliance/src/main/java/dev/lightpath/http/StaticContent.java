package dev.lightpath.http;

import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.dpdk.NativeRegions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A docroot loaded whole at start: every regular file under it (symbolic links are not followed, so nothing
 * outside is reachable) copied into off-heap memory, with its headers built once. Requests find files by their
 * normalised path in a table; a directory answers with its {@code index.html}, and a directory named
 * without its trailing slash is redirected to it, as web servers do. The memory is shared read-only by all
 * cores and lives until {@link #close}.
 *
 * <p>Files and directories whose name starts with '.' ({@code .git/}, {@code .env}, {@code .htpasswd}) are left
 * out unless asked for: a docroot that is a checkout or a deployment directory holds them, and they hold
 * credentials and history nobody meant to publish. Left out at load time, they are answered 404 as if absent,
 * and a request pays nothing for the check. The top-level {@code .well-known/} directory (RFC 8615) is the
 * exception, as it exists to be published; dotfiles inside it are still left out.
 */
public final class StaticContent implements AutoCloseable {
    private final Path root;
    private final Arena arena = Arena.ofShared();
    private final PathTable<StaticFile> files;
    private final PathTable<String> directories;
    private final List<StaticFile> all = new ArrayList<>();
    private long bytes;

    private StaticContent(Path root, List<Path> regular, List<Path> dirs) throws IOException {
        this.root = root;
        this.files = new PathTable<>(regular.size() * 2 + 1);
        this.directories = new PathTable<>(dirs.size() + 1);
        for (Path file : regular) {
            StaticFile loaded = loadFile(file);
            all.add(loaded);
            files.put(loaded.path(), loaded);
        }
        for (Path dir : dirs) {
            String path = urlPath(dir);
            String slashed = path.endsWith("/") ? path : path + "/";
            StaticFile index = files.get(bytes(slashed + "index.html"), 0, bytes(slashed + "index.html").length);
            if (index != null) {
                files.put(slashed, index);
            }
            if (!path.equals("/")) {
                directories.put(path, slashed);
            }
        }
    }

    /** Loads every regular file under {@code root} but dotfiles; fails when it is not a readable directory. */
    public static StaticContent load(Path root) {
        return load(root, false);
    }

    /**
     * Loads every regular file under {@code root}, those with a path segment starting with '.' only when
     * {@code dotfiles} says so; fails when it is not a readable directory.
     */
    public static StaticContent load(Path root, boolean dotfiles) {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("docroot " + root + " is not a directory");
        }
        List<Path> regular = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> dotfiles || !hasDotSegment(dir.relativize(p))).forEach(p -> {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    regular.add(p);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    dirs.add(p);
                }
            });
            return new StaticContent(dir, regular, dirs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load docroot " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasDotSegment(Path relative) {
        int depth = 0;
        for (Path part : relative) {
            String name = part.toString();
            // /.well-known/ is the one dot directory meant for the public (RFC 8615: security.txt, ACME).
            if (name.startsWith(".") && !(depth == 0 && name.equals(".well-known"))) {
                return true;
            }
            depth++;
        }
        return false;
    }

    /** The file at the normalised path in {@code path[from..to)}, or null. */
    public StaticFile find(byte[] path, int from, int to) {
        return files.get(path, from, to);
    }

    /** Where a directory named without its trailing slash lives ("/docs" gives "/docs/"), or null. */
    public String directory(byte[] path, int from, int to) {
        return directories.get(path, from, to);
    }

    public int fileCount() {
        return all.size();
    }

    public long totalBytes() {
        return bytes;
    }

    public Path root() {
        return root;
    }

    public List<StaticFile> files() {
        return List.copyOf(all);
    }

    private StaticFile loadFile(Path file) throws IOException {
        long size = Files.size(file);
        MemorySegment memory = NativeRegions.register(arena.allocate(Math.max(1, size), 64), file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long read = 0;
            while (read < size) {
                int n = channel.read(memory.asSlice(read, size - read).asByteBuffer());
                if (n < 0) {
                    throw new IOException(file + " shrank while loading");
                }
                read += n;
            }
        }
        bytes += size;
        long modified = Files.getLastModifiedTime(file).toMillis() / 1000;
        byte[] etag = ("\"" + HexFormat.of().toHexDigits(contentHash(memory.address(), size)) + "\"")
                .getBytes(StandardCharsets.US_ASCII);
        String headers = "Content-Type: " + MimeTypes.forName(file.getFileName().toString()) + "\r\n"
                + "ETag: " + new String(etag, StandardCharsets.US_ASCII) + "\r\n"
                + "Last-Modified: " + HttpDate.format(modified) + "\r\n"
                + "Accept-Ranges: bytes\r\n";
        return new StaticFile(urlPath(file), memory.address(), size, etag, modified,
                headers.getBytes(StandardCharsets.US_ASCII));
    }

    private String urlPath(Path file) {
        StringBuilder path = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (!part.toString().isEmpty()) {
                path.append('/').append(part);
            }
        }
        return path.isEmpty() ? "/" : path.toString();
    }

    /** A 64-bit hash of the content (FNV-1a over 8-byte words), for strong ETags. */
    private static long contentHash(long address, long length) {
        long h = 0xcbf29ce484222325L ^ length;
        long i = 0;
        for (; i + 8 <= length; i += 8) {
            h = (h ^ NativeMemory.getI64(address + i)) * 0x100000001b3L;
            h ^= h >>> 29;
        }
        for (; i < length; i++) {
            h = (h ^ NativeMemory.getU8(address + i)) * 0x100000001b3L;
        }
        return h ^ (h >>> 32);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%d files, %d bytes)", root, all.size(), bytes);
    }
}
