package dev.lightpath.bench.http;

import dev.lightpath.bench.NanosPerOperation;
import dev.lightpath.dpdk.NativeMemory;
import dev.lightpath.http.HttpRequest;
import dev.lightpath.http.HttpRequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.*;

import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;

/**
 * The request parser over a head in native memory, as it parses one in a receive mbuf: a minimal request, and
 * the 703-byte browser request that picohttpparser's bench.c parses (the yardstick: about 133 ns on this
 * machine). Every iteration parses the whole head and returns its length.
 *
 * <p>The peer in the same run is Netty's {@code HttpRequestDecoder} on the same bytes in a direct buffer, as a
 * Netty server decodes them: each iteration decodes the head into Netty's request object and releases it.
 */
@State(Scope.Thread)
public class HttpParserBenchmark extends NanosPerOperation {
    static final String SHORT_REQUEST = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    static final String BROWSER_REQUEST = "GET /wp-content/uploads/2010/03/hello-kitty-darth-vader-pink.jpg HTTP/1.1\r\n"
            + "Host: www.kittyhell.com\r\n"
            + "User-Agent: Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10.6; ja-JP-mac; rv:1.9.2.3) Gecko/20100401 Firefox/3.6.3 "
            + "Pathtraq/0.9\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: ja,en-us;q=0.7,en;q=0.3\r\n"
            + "Accept-Encoding: gzip,deflate\r\n"
            + "Accept-Charset: Shift_JIS,utf-8;q=0.7,*;q=0.7\r\n"
            + "Keep-Alive: 115\r\n"
            + "Connection: keep-alive\r\n"
            + "Cookie: wp_ozh_wsa_visits=2; wp_ozh_wsa_visit_lasttime=xxxxxxxxxx; "
            + "__utma=xxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.x; "
            + "__utmz=xxxxxxxxx.xxxxxxxxxx.x.x.utmccn=(referral)|utmcsr=reader.livedoor.com|utmcct=/reader/|utmcmd=referral\r\n"
            + "\r\n";

    private final Arena arena = Arena.ofShared();
    private final HttpRequestParser parser = new HttpRequestParser(8192, 16384);
    private final HttpRequest request = new HttpRequest(100);
    private long shortAddress;
    private int shortLength;
    private long browserAddress;
    private int browserLength;

    private final EmbeddedChannel netty = new EmbeddedChannel(new HttpRequestDecoder());
    private ByteBuf nettyShort;
    private ByteBuf nettyBrowser;

    @Setup
    public void setUp() {
        nettyShort = direct(SHORT_REQUEST);
        nettyBrowser = direct(BROWSER_REQUEST);
        if (nettyShortRequest() != 1 || nettyBrowserRequest() != 9) {
            throw new IllegalStateException("Netty did not decode the benchmark's requests");
        }
        shortLength = SHORT_REQUEST.length();
        shortAddress = put(SHORT_REQUEST);
        browserLength = BROWSER_REQUEST.length();
        browserAddress = put(BROWSER_REQUEST);
        if (parser.parse(shortAddress, shortLength, request) != shortLength
                || parser.parse(browserAddress, browserLength, request) != browserLength || browserLength != 703) {
            throw new IllegalStateException("the benchmark's requests do not parse whole");
        }
    }

    @TearDown
    public void tearDown() {
        arena.close();
        netty.finishAndReleaseAll();
        nettyShort.release();
        nettyBrowser.release();
    }

    private static ByteBuf direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    private long put(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long address = arena.allocate(bytes.length + 64, 64).address();
        NativeMemory.copy(bytes, 0, address, bytes.length);
        return address;
    }

    @Benchmark
    public int shortRequest() {
        return parser.parse(shortAddress, shortLength, request);
    }

    @Benchmark
    public int browserRequest() {
        return parser.parse(browserAddress, browserLength, request);
    }

    @Benchmark
    public int nettyShortRequest() {
        return nettyDecode(nettyShort);
    }

    @Benchmark
    public int nettyBrowserRequest() {
        return nettyDecode(nettyBrowser);
    }

    /** The number of header fields Netty found; the head and the empty last content it emits are released. */
    private int nettyDecode(ByteBuf head) {
        netty.writeInbound(head.retainedDuplicate());
        io.netty.handler.codec.http.HttpRequest decoded = netty.readInbound();
        ReferenceCountUtil.release(netty.readInbound());
        if (!decoded.decoderResult().isSuccess()) {
            throw new IllegalStateException("Netty rejected the request", decoded.decoderResult().cause());
        }
        return decoded.headers().size();
    }
}
