package dev.cadenza.bridge.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.NoteLog;
import dev.cadenza.bridge.testing.FakeModel;
import dev.cadenza.bridge.testing.RecordingPort;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A browser that stops reading (a tab in the background, a tablet that went to sleep) must cost the
 * stream nothing: its messages are dropped and counted, the other browsers and the stream go on.
 * The slow browser here is a socket that opens the WebSocket and then never reads.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a timing check
class SlowBrowserTest {

    @Test
    @DisplayName("a browser that stops reading loses its messages, not the stream's time nor the other browsers'")
    void aBrowserThatStopsReadingIsDroppedNotWaitedFor() throws Exception {
        NanoClock clock = NanoClock.system();
        RecordingPort port = new RecordingPort("fake out", clock);
        LiveControls live = new LiveControls(1.0, 0, 25);
        NoteLog notes = new NoteLog(1 << 14);
        LiveView view = LiveView.listen("127.0.0.1", 0, m -> { });
        LiveStream stream = LiveStream.builder(new FakeModel(4), port).clock(clock).controls(live).bpm(400)
                .noteLog(notes).build();
        AtomicInteger fastMessages = new AtomicInteger();
        try (Socket slow = new Socket()) {
            view.show(new ViewSource("fake model", FakeModel.RANGE, 4, false, live, stream.stats(), notes,
                    stream.transport(), clock));
            stream.start();
            URI page = URI.create(view.url());
            String query = page.getRawQuery();

            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress("127.0.0.1", page.getPort()));
            OutputStream out = slow.getOutputStream();
            out.write(("GET /socket?" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + page.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = slow.getInputStream();
            byte[] status = new byte[12];
            assertEquals(12, in.readNBytes(status, 0, 12));
            assertEquals("HTTP/1.1 101", new String(status, StandardCharsets.US_ASCII), "the WebSocket opened");
            // from here on the slow browser reads nothing

            WebSocket fast = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + page.getPort() + "/socket?" + query),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                    fastMessages.incrementAndGet();
                                    socket.request(1);
                                    return null;
                                }
                            }).join();
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (view.messagesDropped() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(view.messagesDropped() > 0, "the slow browser's messages were dropped");
            long steps = stream.stats().stepsPlayed();
            int received = fastMessages.get();
            Thread.sleep(1500);
            assertTrue(stream.stats().stepsPlayed() > steps + 10, "the stream played on");
            assertTrue(fastMessages.get() > received + 10, "the other browser kept getting the stream: "
                    + received + " then " + fastMessages.get());
            assertTrue(stream.running());
            fast.abort();
        } finally {
            stream.stop();
            view.close();
        }
        assertEquals(List.of(), List.copyOf(port.sounding()), "every note ended");
    }
}
