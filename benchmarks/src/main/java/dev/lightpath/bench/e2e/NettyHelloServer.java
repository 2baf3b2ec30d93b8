package dev.lightpath.bench.e2e;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.Version;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Netty peer of the end-to-end benchmarks: an HTTP/1.1 server on the epoll transport answering {@code GET /}
 * with a small fixed body and {@code GET /16k} with 16 kB, keep-alive unless the client asks to close. The bodies
 * are built once; each response shares them (a retained duplicate), as a well-written Netty server would.
 *
 * <pre>
 * java -cp benchmarks.jar dev.lightpath.bench.e2e.NettyHelloServer [ADDRESS [PORT [THREADS]]]
 * </pre>
 * Defaults: 127.0.0.1, 8080, one event loop thread. Prints {@code ready} once it listens; stops on SIGTERM.
 */
public final class NettyHelloServer {
    /** The small body: the same bytes the appliance and nginx serve for {@code /}. */
    static final byte[] SMALL_BODY = "hello from lightpath\n".getBytes(StandardCharsets.US_ASCII);
    static final int LARGE_BODY_BYTES = 16 * 1024;

    private NettyHelloServer() {
    }

    public static void main(String[] args) throws Exception {
        String address = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("the epoll transport is not available", Epoll.unavailabilityCause());
        }
        ByteBuf small = Unpooled.unreleasableBuffer(Unpooled.directBuffer(SMALL_BODY.length).writeBytes(SMALL_BODY));
        ByteBuf large = Unpooled.unreleasableBuffer(Unpooled.directBuffer(LARGE_BODY_BYTES).writeBytes(largeBody()));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpServerCodec(), new HelloHandler(small, large));
                        }
                    })
                    .bind(new InetSocketAddress(address, port)).sync().channel();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> group.shutdownGracefully().syncUninterruptibly()));
            System.out.println("netty " + nettyVersion() + " listening on " + address + ":" + port + " with "
                    + threads + " event loop thread(s): ready");
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** The version of netty-transport on the class path, as Netty reports it. */
    public static String nettyVersion() {
        Version version = Version.identify().get("netty-transport");
        return version == null ? "unknown" : version.artifactVersion();
    }

    /** 16 kB of printable text, so a client that shows the body shows something readable. */
    static byte[] largeBody() {
        byte[] body = new byte[LARGE_BODY_BYTES];
        Arrays.fill(body, (byte) 'x');
        for (int i = 63; i < body.length; i += 64) {
            body[i] = '\n';
        }
        return body;
    }

    /** Answers each request as its head arrives; bodies of requests (none are expected) are ignored. */
    private static final class HelloHandler extends SimpleChannelInboundHandler<HttpObject> {
        private final ByteBuf small;
        private final ByteBuf large;

        HelloHandler(ByteBuf small, ByteBuf large) {
            this.small = small;
            this.large = large;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (!(message instanceof HttpRequest request)) {
                return;
            }
            FullHttpResponse response;
            String uri = request.uri();
            if (request.method() != HttpMethod.GET) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.METHOD_NOT_ALLOWED);
            } else if (uri.equals("/") || uri.equals("/index.html")) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, small.duplicate());
            } else if (uri.equals("/16k")) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, large.duplicate());
            } else {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
            }
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                // Written now, flushed once per read batch (channelReadComplete): pipelined requests share a syscall.
                ctx.write(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
