package dev.lightpath.http;

/**
 * One file of a docroot, loaded at start into off-heap memory that lives as long as the engine (so TCP can
 * send it by reference and read it again to retransmit), with the header lines that never change for it.
 *
 * @param path          the URL path it answers ("/css/site.css")
 * @param address       where its bytes are
 * @param length        how many bytes
 * @param etag          the strong entity tag, quotes included (a hash of the content)
 * @param lastModified  modification time, epoch seconds
 * @param headers       "Content-Type", "ETag", "Last-Modified" and "Accept-Ranges" lines, CRLF-terminated
 */
public record StaticFile(String path, long address, long length, byte[] etag, long lastModified, byte[] headers) {
}
