package dev.cadenza.bridge.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.stream.NoteLog;
import dev.cadenza.bridge.stream.StreamStats;
import dev.cadenza.engine.model.Scale;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The live view's messages, made on their own thread from what the stream leaves readable (its note
 * log, knobs and health) and sent to every browser. Compact JSON over the WebSocket, at most one a
 * step (plus one when a knob moves and a health line a second):
 *
 * <pre>
 * {"hello": {"title", "low", "high", "stepsPerQuarter", "keyboard", "scales", "keys", "tempo"}}   first, to each
 *                                                              browser ("tempo": whether the tempo knob may set it)
 * {"s": 123.4, "n": [[who, pitch, velocity, position], ...]}   where the stream is, and the notes since the last
 *                                                              (who 0 = the model, 1 = the player; velocity 0 = off;
 *                                                              position in steps from the song's start)
 * {"c": {"temperature", "density", "gibbs", "muted", "looping", "key", "scale", "tempo"}}   the knobs, when one moves
 * {"h": {"steps", "late", "dropped", "modelMs", "p99Ms", "viewDropped"}}   the health
 * </pre>
 *
 * A browser that joins later gets the notes so far (the last {@value #HISTORY} of them) before the
 * live ones, so that every browser shows the same roll. A browser whose connection cannot take more
 * (Netty's write buffer above its high-water mark) misses messages instead of slowing anything: they
 * are dropped for it and counted.
 *
 * <p>From the browser, one JSON object a message: {@code {"set": "temperature", "value": 1.2}} (also
 * density, gibbs, key 0..11, scale by name, muted, looping, tempo in BPM) or {@code {"press": "panic"}} (also
 * restart, end-call, reroll); each goes to the same {@link LiveControls} the terminal keys and MIDI
 * knobs drive, so it takes effect at the next step.
 */
final class ViewFeed implements AutoCloseable {
    static final int HISTORY = 4096;
    private static final long TICK_NANOS = 20_000_000L;
    private static final long HEALTH_NANOS = 500_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ViewSource source;
    private final Set<Channel> clients = new CopyOnWriteArraySet<>();
    private final Queue<Channel> joining = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<List<Object>> history = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final NoteLog.Entry entry = new NoteLog.Entry();
    private final Thread thread;
    private volatile boolean closed;
    private long read;
    private long lostNotes;
    private long lastWhole = Long.MIN_VALUE;
    private double lastPosition;
    private Map<String, Object> lastControls;
    private long lastHealth;

    ViewFeed(ViewSource source) {
        this.source = source;
        this.thread = new Thread(this::run, "cadenza-view");
        this.thread.setDaemon(true);
    }

    void start() {
        read = source.notes().written();
        thread.start();
    }

    /** Adds a browser whose WebSocket just opened: it gets the hello, the knobs and the notes so far first. Any thread. */
    void join(Channel channel) {
        joining.add(channel);
        LockSupport.unpark(thread);
    }

    void leave(Channel channel) {
        clients.remove(channel);
    }

    int clients() {
        return clients.size();
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closed) {
            long started = System.nanoTime();
            try {
                tick();
            } catch (RuntimeException e) {
                // a view must never take the stream down: skip this tick, go on with the next
            }
            LockSupport.parkNanos(Math.max(1, TICK_NANOS - (System.nanoTime() - started)));
        }
    }

    private void tick() {
        long now = source.clock().nanos();
        List<List<Object>> notes = takeNotes();
        double position = position(now);
        long whole = (long) Math.floor(position);
        Channel newcomer;
        while ((newcomer = joining.poll()) != null) {
            welcome(newcomer);
        }
        if (!notes.isEmpty() || whole != lastWhole) {
            lastWhole = whole;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("s", round(position));
            m.put("bpm", round(source.transport().bpm()));
            m.put("n", notes);
            broadcast(m);
        }
        Map<String, Object> controls = controls();
        if (!controls.equals(lastControls)) {
            lastControls = controls;
            broadcast(Map.of("c", controls));
        }
        if (now - lastHealth >= HEALTH_NANOS) {
            lastHealth = now;
            broadcast(Map.of("h", health()));
        }
    }

    /** The notes logged since the last tick, as [who, pitch, velocity, position]; kept in the history too. */
    private List<List<Object>> takeNotes() {
        NoteLog log = source.notes();
        long written = log.written();
        if (written - read > log.capacity()) {
            lostNotes += written - read - log.capacity();
            read = written - log.capacity();
        }
        List<List<Object>> out = new ArrayList<>();
        for (; read < written; read++) {
            if (!log.read(read, entry)) {
                lostNotes++;
                continue;
            }
            double at = entry.step() >= 0 ? entry.step() : position(entry.nanos());
            List<Object> note = List.of(entry.who(), entry.pitch(), entry.noteOn() ? entry.velocity() : 0, round(at));
            out.add(note);
            history.addLast(note);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
        return out;
    }

    /** Where the stream is at {@code nanos}, in steps from the song's start (the last known while stopped). */
    private double position(long nanos) {
        var transport = source.transport();
        int spq = source.stepsPerQuarter();
        if (!transport.running()) {
            return lastPosition;
        }
        long next = transport.firstStep(spq, nanos);
        long a = transport.stepNanos(next - 1, spq);
        long b = transport.stepNanos(next, spq);
        double p = next - 1 + Math.min(1, Math.max(0, (double) (nanos - a) / Math.max(1, b - a)));
        lastPosition = Math.max(0, p);
        return lastPosition;
    }

    private Map<String, Object> controls() {
        LiveControls live = source.live();
        Scale scale = live.scale();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("temperature", round(live.temperature()));
        m.put("density", round(live.density()));
        m.put("gibbs", live.gibbsSteps());
        m.put("muted", live.muted());
        m.put("looping", live.looping());
        m.put("key", scale.tonic());
        m.put("scale", scale.mode().key());
        m.put("tempo", Math.round(live.tempo() * 10) / 10.0); // a follower's estimate moves by less
        return m;
    }

    private Map<String, Object> health() {
        StreamStats stats = source.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", stats.stepsPlayed());
        m.put("late", stats.stepsMissed());
        m.put("dropped", stats.lateDrops());
        m.put("modelMs", round(stats.computeNanosMean() / 1e6));
        m.put("p99Ms", round(stats.errorQuantileNanos(0.99) / 1e6));
        m.put("viewDropped", dropped.get());
        m.put("viewLost", lostNotes);
        return m;
    }

    private void welcome(Channel channel) {
        if (!channel.isActive()) {
            return;
        }
        List<String> scales = new ArrayList<>();
        for (Scale.Mode mode : Scale.Mode.values()) {
            scales.add(mode.key());
        }
        List<String> keys = new ArrayList<>();
        for (int pc = 0; pc < 12; pc++) {
            keys.add(Scale.noteName(pc));
        }
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("title", source.title());
        hello.put("low", source.range().low());
        hello.put("high", source.range().high());
        hello.put("stepsPerQuarter", source.stepsPerQuarter());
        hello.put("keyboard", source.keyboardMode());
        hello.put("scales", scales);
        hello.put("keys", keys);
        hello.put("tempo", source.live().tempoAdjustable());
        send(channel, Map.of("hello", hello));
        send(channel, Map.of("c", controls()));
        Map<String, Object> past = new LinkedHashMap<>();
        past.put("s", round(lastPosition));
        past.put("bpm", round(source.transport().bpm()));
        past.put("n", new ArrayList<>(history));
        send(channel, past);
        clients.add(channel);
    }

    private void broadcast(Object message) {
        if (clients.isEmpty()) {
            return;
        }
        String text = json(message);
        for (Channel c : clients) {
            if (!c.isActive()) {
                clients.remove(c);
            } else if (c.isWritable()) {
                c.writeAndFlush(new TextWebSocketFrame(text));
            } else {
                dropped.incrementAndGet();
            }
        }
    }

    private void send(Channel channel, Object message) {
        channel.writeAndFlush(new TextWebSocketFrame(json(message)));
    }

    private static String json(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a view message: " + e.getMessage(), e);
        }
    }

    /**
     * Applies one message from a browser to the knobs; returns null, or what was wrong with it in
     * one line. Any thread.
     */
    String command(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return "not JSON: " + abbreviated(text);
        }
        LiveControls live = source.live();
        if (m.hasNonNull("press")) {
            switch (m.get("press").asText()) {
                case "panic" -> live.panic();
                case "restart" -> live.restart();
                case "end-call" -> live.endCall();
                case "reroll" -> live.reroll();
                default -> {
                    return "unknown button: " + abbreviated(m.get("press").asText());
                }
            }
            return null;
        }
        if (!m.hasNonNull("set") || !m.has("value")) {
            return "expected {\"set\": NAME, \"value\": V} or {\"press\": NAME}: " + abbreviated(text);
        }
        JsonNode v = m.get("value");
        String name = m.get("set").asText();
        try {
            switch (name) {
                case "temperature" -> live.temperature(number(v));
                case "density" -> live.density(number(v));
                case "gibbs" -> live.gibbsSteps((int) Math.round(number(v)));
                case "muted" -> live.muted(v.asBoolean());
                case "looping" -> live.looping(v.asBoolean());
                case "key" -> live.scale(new Scale(Math.floorMod((int) Math.round(number(v)), 12), live.scale().mode()));
                case "scale" -> live.scale(new Scale(live.scale().tonic(), Scale.Mode.parse(v.asText())));
                case "tempo" -> {
                    if (!live.tempo(number(v))) {
                        return LiveControls.TEMPO_NOT_OURS;
                    }
                }
                default -> {
                    return "unknown control: " + abbreviated(name);
                }
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    private static double number(JsonNode v) {
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException("expected a number, got " + abbreviated(v.toString()));
        }
        return v.asDouble();
    }

    private static String abbreviated(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        for (Channel c : clients) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "view feed: %d browsers, %d messages dropped", clients.size(), dropped.get());
    }
}
