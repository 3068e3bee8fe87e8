package dev.cadenza.bridge.view;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One browser connection of the live view: the page's files over HTTP, then its WebSocket. Every
 * request must carry the view's token ({@code ?token=...}); one without it, or with another, gets
 * 403 and nothing else. Runs on the view's Netty thread.
 */
final class ViewHttpHandler extends SimpleChannelInboundHandler<Object> {
    /** The page's files, in the jar beside this class, by the path the browser asks for. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/view.js", new String[] {"view.js", "text/javascript; charset=utf-8"},
            "/view.css", new String[] {"view.css", "text/css; charset=utf-8"});
    private static final String SOCKET = "/socket";

    private final byte[] token;
    private final LiveView.FeedHolder feeds;
    private final Consumer<String> log;
    private WebSocketServerHandshaker handshaker;

    ViewHttpHandler(String token, LiveView.FeedHolder feeds, Consumer<String> log) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.feeds = feeds;
        this.log = log;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            request(ctx, request);
        } else if (msg instanceof WebSocketFrame frame) {
            frame(ctx, frame);
        }
    }

    private void request(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n");
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        List<String> given = uri.parameters().get("token");
        boolean allowed = given != null && given.size() == 1
                && MessageDigest.isEqual(token, given.get(0).getBytes(StandardCharsets.US_ASCII));
        if (!allowed) {
            respond(ctx, request, HttpResponseStatus.FORBIDDEN, "text/plain; charset=utf-8",
                    "403: this page needs the token Cadenza printed with its address\n");
            return;
        }
        if (!request.method().equals(HttpMethod.GET)) {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
            return;
        }
        if (uri.path().equals(SOCKET)) {
            ViewFeed feed = feeds.feed;
            if (feed == null) {
                respond(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain",
                        "the stream has not started yet: try again in a moment\n");
                return;
            }
            String location = "ws://" + request.headers().get(HttpHeaderNames.HOST) + SOCKET;
            handshaker = new WebSocketServerHandshakerFactory(location, null, false, 16 * 1024).newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    feed.join(ctx.channel());
                    log.accept("live view: a browser joined from " + ctx.channel().remoteAddress());
                }
            });
            return;
        }
        String[] file = FILES.get(uri.path());
        if (file == null) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n");
            return;
        }
        try (InputStream in = ViewHttpHandler.class.getResourceAsStream(file[0])) {
            if (in == null) {
                respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain",
                        "the page's file " + file[0] + " is missing from the jar\n");
                return;
            }
            byte[] body = in.readAllBytes();
            if (file[0].endsWith(".html")) { // its own files need the token too
                body = new String(body, StandardCharsets.UTF_8)
                        .replace("__TOKEN__", new String(token, StandardCharsets.US_ASCII))
                        .getBytes(StandardCharsets.UTF_8);
            }
            respond(ctx, request, HttpResponseStatus.OK, file[1], body);
        } catch (IOException e) {
            respond(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", e.getMessage() + "\n");
        }
    }

    private void frame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        ViewFeed feed = feeds.feed;
        if (frame instanceof CloseWebSocketFrame close) {
            feed.leave(ctx.channel());
            handshaker.close(ctx.channel(), close.retain());
        } else if (frame instanceof PingWebSocketFrame) {
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
        } else if (frame instanceof TextWebSocketFrame text) {
            String error = feed.command(text.text());
            if (error != null) {
                ctx.writeAndFlush(new TextWebSocketFrame("{\"error\":" + quoted(error) + "}"));
            }
        }
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String type, String body) {
        respond(ctx, request, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            String type, byte[] body) {
        ByteBuf content = Unpooled.wrappedBuffer(body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setContentLength(response, body.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && status == HttpResponseStatus.OK;
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ViewFeed feed = feeds.feed;
        if (feed != null) {
            feed.leave(ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a browser that went away mid-request: drop its connection, nothing else
        ctx.close();
    }
}
