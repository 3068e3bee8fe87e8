package dev.cadenza.bridge.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.NoteLog;
import dev.cadenza.bridge.testing.FakeModel;
import dev.cadenza.bridge.testing.RecordingPort;
import dev.cadenza.bridge.testing.RecordingPort.Sent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The live view in a real browser: Debian's Chromium, headless, driven by a Node script through
 * playwright-core ({@code src/test/node/view-check}). A stream of a seeded model plays into a port
 * that records what it got; the page must draw exactly those notes, a knob turned on the page must
 * reach the model at its next step, a knob turned elsewhere must move on the page, a second browser
 * must hold the same roll, a wrong token gets 403.
 * The page's screenshot is written to {@code target/live-view.png}.
 */
class LiveViewBrowserTest {
    private static final Path SCRIPT_DIR = Files.isDirectory(Path.of("src", "test", "node", "view-check"))
            ? Path.of("src", "test", "node", "view-check") : Path.of("..", "bridge", "src", "test", "node", "view-check");
    private static final String CHROMIUM = System.getenv().getOrDefault("CADENZA_CHROMIUM", "/usr/bin/chromium");

    private static void assumeBrowser() {
        String why = null;
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            why = "Chromium is not installed at " + CHROMIUM + " (apt-get install chromium, or set CADENZA_CHROMIUM)";
        } else if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules").resolve("playwright-core"))) {
            why = "the npm package playwright-core is not installed: npm ci --prefix bridge/src/test/node/view-check";
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the live view's browser test needs " + why);
            }
            Assumptions.abort(why);
        }
    }

    @Test
    @DisplayName("a browser draws the stream's notes, steers its knobs, and a second browser sees the same")
    void theBrowserDrawsTheStreamAndSteersIt() throws Exception {
        assumeBrowser();
        NanoClock clock = NanoClock.system();
        FakeModel model = new FakeModel(4);
        RecordingPort port = new RecordingPort("fake out", clock);
        LiveControls live = new LiveControls(1.0, 0, 25);
        NoteLog notes = new NoteLog(1 << 14);
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        Consumer<String> logger = log::add;
        LiveView view = LiveView.listen("127.0.0.1", 0, logger);
        LiveStream stream = LiveStream.builder(model, port).clock(clock).controls(live).bpm(150).noteLog(notes)
                .log(logger).build();
        JsonNode page;
        long origin; // step 0 at 150 BPM: the page turns the tempo only after the notes compared below
        try {
            view.show(new ViewSource("fake model", FakeModel.RANGE, 4, false, live, stream.stats(), notes,
                    stream.transport(), clock));
            assertEquals(403, status(view.url().replaceAll("token=[0-9a-f]+", "")), "no token");
            stream.start();
            origin = stream.transport().stepNanos(0, 4);
            Thread elsewhere = new Thread(() -> { // as a MIDI knob or a terminal key would, once a page is open
                while (view.clients() == 0) {
                    Thread.onSpinWait();
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                live.density(1.5);
            });
            elsewhere.setDaemon(true);
            elsewhere.start();
            Path shot = Path.of("target", "live-view.png");
            Files.createDirectories(shot.getParent());
            page = runScript(view.url(), shot);
            assertTrue(Files.size(shot) > 5_000, "the screenshot was written");
        } finally {
            stream.stop();
            view.close();
        }
        JsonNode a = page.get("a");
        assertEquals("[]", page.get("errors").toString(), "script errors on the page");
        assertEquals("fake model", a.get("title").asText());
        assertEquals("+1.5", page.get("densityShown").asText(), "the knob moved when the density changed elsewhere");
        assertEquals("150 BPM", page.get("tempoShown").asText(), "the tempo knob shows the stream's tempo");
        assertEquals("162 BPM", page.get("tempoTurned").asText());
        assertEquals(162, stream.transport().bpm(), 1e-9, "the tempo knob set the stream's clock");
        assertEquals(403, page.get("wrongTokenStatus").asInt());

        // the notes drawn are the notes sent, step for step, up to where the page had got
        double seen = a.get("position").asDouble();
        TreeSet<String> drawn = new TreeSet<>();
        for (JsonNode n : a.get("notes")) {
            if (n.get(0).asInt() == NoteLog.MODEL && n.get(2).asDouble() < seen - 1) {
                drawn.add(n.get(1).asInt() + "@" + Math.round(n.get(2).asDouble()));
            }
        }
        TreeSet<String> sent = new TreeSet<>();
        for (Sent s : port.sent()) {
            if (s.noteOn()) {
                long step = stepAt(origin, s.nanos());
                if (step < seen - 1) {
                    sent.add(s.data1() + "@" + step);
                }
            }
        }
        assertTrue(sent.size() > 40, "notes sent before the page's last position: " + sent.size());
        assertEquals(sent, drawn);
        assertTrue(page.get("pixels").asInt() > 500, "the canvas shows the model's notes: " + page.get("pixels"));

        // the knob reached the model: every step sampled after the turn (and one step of look-ahead) asked for 1 Gibbs step
        assertEquals("1", page.get("knobShown").asText());
        assertEquals(1, live.gibbsSteps());
        List<Integer> asked = List.copyOf(model.gibbsAsked);
        int turned = asked.indexOf(1);
        assertTrue(turned > 0, "the model was asked for 1 Gibbs step: " + asked);
        assertTrue(asked.subList(turned, asked.size()).stream().allMatch(g -> g == 1), asked.toString());
        assertTrue(turned <= Math.ceil(page.get("turnedAt").asDouble()) + 3,
                "at the next step: turned at step " + page.get("turnedAt") + ", first asked at " + turned);

        // the second browser, which joined later, holds the same roll
        JsonNode b = page.get("b");
        double common = Math.min(seen, b.get("position").asDouble()) - 1;
        assertEquals(closedBefore(a.get("notes"), common), closedBefore(b.get("notes"), common));
        assertTrue(log.stream().filter(m -> m.startsWith("live view: a browser joined")).count() >= 2, log.toString());
    }

    /** The notes of a page that started before {@code position}, as "who pitch start". */
    private static TreeSet<String> closedBefore(JsonNode notes, double position) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode n : notes) {
            if (n.get(2).asDouble() < position) {
                out.add(n.get(0).asInt() + " " + n.get(1).asInt() + " " + n.get(2).asDouble());
            }
        }
        return out;
    }

    /** The step (16ths at 150 BPM from {@code origin}) whose start is nearest {@code nanos}. */
    private static long stepAt(long origin, long nanos) {
        return Math.max(0, Math.round((nanos - origin) / 100_000_000.0));
    }

    private static int status(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static JsonNode runScript(String url, Path shot) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("node", "check.mjs", url, shot.toAbsolutePath().toString(), CHROMIUM)
                .directory(SCRIPT_DIR.toFile()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail("the browser script failed: " + err + new String(out, StandardCharsets.UTF_8));
        }
        String text = new String(out, StandardCharsets.UTF_8).strip();
        return new ObjectMapper().readTree(text.substring(text.lastIndexOf('\n') + 1));
    }
}
