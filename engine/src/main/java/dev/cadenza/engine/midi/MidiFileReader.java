package dev.cadenza.engine.midi;

import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Reads a Standard MIDI File (type 0 or 1) into a {@link PianoRoll}.
 *
 * <p><b>What is read.</b> All tracks are merged. Note-ons (a note-on with velocity 0 is a
 * note-off), tempo (meta 0x51) and time-signature (meta 0x58) events are used; everything else
 * (programs, controllers, key signatures, ...) is ignored. Channel 10 (drums) is left out unless
 * {@link Options#includeDrums()}; notes outside {@link Options#range()} are left out; both are
 * counted in the {@link MidiImport}.
 *
 * <p><b>Quantisation rule</b> (beat-based, on ticks; {@code tpq} = the file's ticks per quarter
 * note, {@code spq} = {@link Options#stepsPerQuarter()}):
 * <ul>
 *   <li>onset step = round(onTick &times; spq / tpq), end step (exclusive) = round(offTick &times;
 *       spq / tpq), halves rounded up, in exact integer arithmetic; a note lasts at least one step;
 *   <li>the onset cell is {@link Cell#STRUCK} and carries the note-on velocity; the following
 *       cells up to the end step are {@link Cell#HELD} with velocity 0 (a note's velocity lives on
 *       its onset cell only);
 *   <li>notes of one pitch whose onsets round to the same step merge into one note (the louder
 *       velocity, the longer end); a note struck while the same pitch still sounds (on any channel)
 *       is a new onset and the earlier note goes on only as far as it lasts;
 *   <li>the same pitch struck again on one channel while held is a new STRUCK onset; a count per
 *       (channel, pitch) makes the note end with its matching (last) note-off, so a repeat reads
 *       the same whether a writer puts the old note's off before or after the new note's on;
 *       events are taken in tick order, ties in track order then file order (so a zero-length
 *       note, on then off at one tick, lasts one step);
 *   <li>a tempo or time-signature change lands on the step its tick rounds to (a later one at the
 *       same step replaces an earlier one);
 *   <li>the roll is as long as the file (its last tick, rounded the same way) or its last note,
 *       whichever is longer.
 * </ul>
 * SMPTE-timed files (frames per second, no tempo) are converted at 120 BPM: one quarter note =
 * half a second of the file's own tick rate, and the roll gets a 120 BPM tempo at step 0 so it
 * plays at the file's real timing; a warning says so.
 *
 * <p><b>Errors.</b> A missing, empty, non-MIDI, truncated or malformed file throws an
 * {@link EngineException} whose one-line message names the file and the reason, e.g.
 * {@code cannot read MIDI file song.mid: not a Standard MIDI File (no MThd header)}, with the cause
 * chained where there is one.
 *
 * <p>Stateless and thread safe; not for the real-time path (it reads files and allocates).
 */
public final class MidiFileReader {
    /** Zero-based channel 9 is channel 10 of the General MIDI drum kit. */
    private static final int DRUM_CHANNEL = 9;
    private static final int META_TEMPO = 0x51;
    private static final int META_TIME_SIGNATURE = 0x58;

    /**
     * How a file is read.
     *
     * @param range pitches kept; notes outside are dropped and counted
     * @param stepsPerQuarter the roll's grid, 1..96 steps per quarter note
     * @param includeDrums whether channel 10 is read like any other channel
     */
    public record Options(PitchRange range, int stepsPerQuarter, boolean includeDrums) {
        /** The 88 piano keys, sixteenth-note steps, no drums. */
        public static final Options DEFAULTS =
                new Options(PitchRange.PIANO, PianoRoll.DEFAULT_STEPS_PER_QUARTER, false);

        public Options {
            if (range == null) {
                throw new IllegalArgumentException("missing pitch range (expected e.g. PitchRange.PIANO)");
            }
            if (stepsPerQuarter < 1 || stepsPerQuarter > 96) {
                throw new IllegalArgumentException(
                        "invalid steps per quarter: " + stepsPerQuarter + " (expected 1..96)");
            }
        }

        public Options withRange(PitchRange newRange) {
            return new Options(newRange, stepsPerQuarter, includeDrums);
        }

        public Options withStepsPerQuarter(int newStepsPerQuarter) {
            return new Options(range, newStepsPerQuarter, includeDrums);
        }

        public Options withDrums(boolean newIncludeDrums) {
            return new Options(range, stepsPerQuarter, newIncludeDrums);
        }
    }

    private final Options options;

    /** A reader with {@link Options#DEFAULTS}. */
    /**
     * The most steps a piece may last on the grid: 2^20, some 36 hours at 120 BPM in sixteenths. A
     * longer piece is a damaged file (one absurd delta time made a 37-byte file 11 million steps and
     * 2.6 GB long), refused before its roll is allocated.
     */
    public static final int MAX_STEPS = 1 << 20;
    /** The largest MIDI file read: 16 MiB, a hundred times a long piano piece, read whole into memory. */
    public static final long MAX_FILE_BYTES = 16L << 20;

    public MidiFileReader() {
        this(Options.DEFAULTS);
    }

    public MidiFileReader(Options options) {
        if (options == null) {
            throw new IllegalArgumentException("missing options (expected e.g. MidiFileReader.Options.DEFAULTS)");
        }
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Reads {@code file}; see the class comment for the rule and the errors. */
    public MidiImport read(Path file) {
        return read(parse(file), file.toString());
    }

    /**
     * The sequence of the Standard MIDI File {@code file}, its structure checked first (chunks,
     * lengths, every event's data bytes), so that damage is refused with an {@link EngineException}
     * that names the file and says what is wrong and where, never read as other events.
     */
    public static Sequence parse(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new EngineException(String.format(java.util.Locale.ROOT, "cannot read MIDI file %s: %,d bytes (expected at most %,d for"
                        + " one piece: split the file)", file, size, MAX_FILE_BYTES));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new EngineException("cannot read MIDI file " + file + ": no such file", e);
        } catch (IOException e) {
            throw new EngineException("cannot read MIDI file " + file + ": " + describe(e), e);
        }
        return parse(bytes, file.toString());
    }

    /**
     * Reads the bytes of a Standard MIDI File; {@code name} is what error messages call it (a file
     * name, a resource).
     */
    public MidiImport read(byte[] bytes, String name) {
        return read(parse(bytes, name), name);
    }

    /** {@link #parse(Path)} of bytes that {@code name} names in messages. */
    public static Sequence parse(byte[] bytes, String name) {
        String problem = SmfCheck.problem(bytes);
        if (problem != null) {
            throw new EngineException("cannot read MIDI file " + name + ": " + problem);
        }
        Sequence sequence;
        try {
            sequence = MidiSystem.getSequence(new ByteArrayInputStream(bytes));
        } catch (InvalidMidiDataException | IOException e) {
            throw new EngineException("cannot read MIDI file " + name + ": malformed (" + describe(e) + ")", e);
        } catch (RuntimeException e) {
            // The JDK's parser throws index and argument errors on some corrupt event data.
            throw new EngineException("cannot read MIDI file " + name + ": malformed track data (" + describe(e) + ")", e);
        }
        return sequence;
    }

    /** Quantises an already parsed sequence (e.g. one recorded live); {@code name} is for messages. */
    public MidiImport read(Sequence sequence, String name) {
        return new Conversion(sequence, name).run();
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }

    /** One event of the merged tracks, in the order the conversion takes them. */
    private record Event(long tick, int track, int index, MidiMessage message) {
        static final Comparator<Event> ORDER = Comparator.comparingLong(Event::tick)
                .thenComparingInt(Event::track)
                .thenComparingInt(Event::index);
    }

    /** A note in ticks, before quantisation. */
    private record Note(int pitch, long onTick, long offTick, int velocity) {}

    /** The state of one read; used once. */
    private final class Conversion {
        private final Sequence sequence;
        private final String name;
        private final List<String> warnings = new ArrayList<>();
        private final List<Note> notes = new ArrayList<>();
        private final int[][] open = new int[16][128];
        private final long[][] openTick = new long[16][128];
        private final int[][] openVelocity = new int[16][128];
        private final List<PianoRoll.Tempo> tempos = new ArrayList<>();
        private final List<PianoRoll.TimeSignature> signatures = new ArrayList<>();
        /** Ticks per quarter note = ticksNumerator / ticksDenominator (exact for SMPTE rates too). */
        private long ticksNumerator;
        private long ticksDenominator;
        private boolean smpte;
        private int noteCount;
        private int droppedOutOfRange;
        private int droppedDrums;
        private int orphanOffs;
        private int badMeta;

        Conversion(Sequence sequence, String name) {
            this.sequence = sequence;
            this.name = name;
        }

        MidiImport run() {
            timeBase();
            List<Event> events = mergedEvents();
            for (Event event : events) {
                take(event);
            }
            long endTick = sequence.getTickLength();
            int unterminated = 0;
            for (int channel = 0; channel < 16; channel++) {
                for (int pitch = 0; pitch < 128; pitch++) {
                    if (open[channel][pitch] > 0) {
                        endNote(channel, pitch, endTick);
                        unterminated++;
                    }
                }
            }
            if (unterminated > 0) {
                warnings.add(unterminated + " note(s) never turned off were ended at the end of the file (tick " + endTick + ")");
            }
            if (orphanOffs > 0) {
                warnings.add(orphanOffs + " note-off(s) without a sounding note were ignored");
            }
            if (badMeta > 0) {
                warnings.add(badMeta + " malformed tempo or time-signature event(s) were ignored");
            }
            return new MidiImport(paint(endTick), noteCount, droppedOutOfRange, droppedDrums, warnings);
        }

        private void timeBase() {
            float type = sequence.getDivisionType();
            long resolution = sequence.getResolution();
            if (resolution <= 0) {
                throw new EngineException("cannot read MIDI file " + name + ": invalid time division: "
                        + resolution + " ticks (expected 1 or more)");
            }
            if (type == Sequence.PPQ) {
                ticksNumerator = resolution;
                ticksDenominator = 1;
                return;
            }
            smpte = true;
            // At 120 BPM a quarter note is half a second: fps * resolution / 2 ticks.
            if (type == Sequence.SMPTE_30DROP) {
                ticksNumerator = 2997 * resolution;
                ticksDenominator = 200;
            } else {
                ticksNumerator = Math.round(type) * resolution;
                ticksDenominator = 2;
            }
            warnings.add("SMPTE timing (" + type + " frames per second, " + resolution
                    + " ticks per frame) was converted at 120 BPM; tempo events were ignored");
            tempos.add(new PianoRoll.Tempo(0, PianoRoll.DEFAULT_MICROS_PER_QUARTER));
        }

        private List<Event> mergedEvents() {
            List<Event> events = new ArrayList<>();
            Track[] tracks = sequence.getTracks();
            for (int t = 0; t < tracks.length; t++) {
                for (int i = 0; i < tracks[t].size(); i++) {
                    MidiEvent event = tracks[t].get(i);
                    events.add(new Event(event.getTick(), t, i, event.getMessage()));
                }
            }
            events.sort(Event.ORDER);
            return events;
        }

        private void take(Event event) {
            MidiMessage message = event.message();
            if (message instanceof ShortMessage m) {
                int command = m.getCommand();
                if (command == ShortMessage.NOTE_ON && m.getData2() > 0) {
                    noteOn(m.getChannel(), m.getData1(), m.getData2(), event.tick());
                } else if (command == ShortMessage.NOTE_ON || command == ShortMessage.NOTE_OFF) {
                    noteOff(m.getChannel(), m.getData1(), event.tick());
                }
            } else if (message instanceof MetaMessage m) {
                if (m.getType() == META_TEMPO) {
                    tempo(m.getData(), event.tick());
                } else if (m.getType() == META_TIME_SIGNATURE) {
                    timeSignature(m.getData(), event.tick());
                }
            }
        }

        private boolean kept(int channel, int pitch, boolean count) {
            if (channel == DRUM_CHANNEL && !options.includeDrums()) {
                if (count) {
                    droppedDrums++;
                }
                return false;
            }
            if (!options.range().contains(pitch)) {
                if (count) {
                    droppedOutOfRange++;
                }
                return false;
            }
            return true;
        }

        private void noteOn(int channel, int pitch, int velocity, long tick) {
            if (!kept(channel, pitch, true)) {
                return;
            }
            if (open[channel][pitch] > 0) {
                // Struck again while held: the held note ends here, the new one starts.
                notes.add(new Note(pitch, openTick[channel][pitch], tick, openVelocity[channel][pitch]));
            }
            open[channel][pitch]++;
            openTick[channel][pitch] = tick;
            openVelocity[channel][pitch] = velocity;
            noteCount++;
        }

        private void noteOff(int channel, int pitch, long tick) {
            if (!kept(channel, pitch, false)) {
                return;
            }
            if (open[channel][pitch] == 0) {
                orphanOffs++;
                return;
            }
            open[channel][pitch]--;
            if (open[channel][pitch] == 0) {
                notes.add(new Note(pitch, openTick[channel][pitch], tick, openVelocity[channel][pitch]));
            }
        }

        private void endNote(int channel, int pitch, long tick) {
            notes.add(new Note(pitch, openTick[channel][pitch], tick, openVelocity[channel][pitch]));
            open[channel][pitch] = 0;
        }

        private void tempo(byte[] data, long tick) {
            if (smpte) {
                return;
            }
            int micros = data.length == 3 ? (data[0] & 0xFF) << 16 | (data[1] & 0xFF) << 8 | (data[2] & 0xFF) : 0;
            if (micros == 0) {
                badMeta++;
                return;
            }
            tempos.add(new PianoRoll.Tempo(step(tick), micros));
        }

        private void timeSignature(byte[] data, long tick) {
            if (data.length < 2 || (data[0] & 0xFF) < 1 || data[1] < 0 || data[1] > 7) {
                badMeta++;
                return;
            }
            signatures.add(new PianoRoll.TimeSignature(step(tick), data[0] & 0xFF, 1 << data[1]));
        }

        /** round(tick * spq / tpq), halves up, exactly. */
        private int step(long tick) {
            long twice = 2 * tick * options.stepsPerQuarter() * ticksDenominator + ticksNumerator;
            long step = Math.floorDiv(twice, 2 * ticksNumerator);
            if (step > MAX_STEPS) {
                throw new EngineException(String.format(java.util.Locale.ROOT, "cannot read MIDI file %s: an event"
                        + " at tick %d lies %d steps in, past the %d a piece may last (%.0f hours at 120 BPM on this"
                        + " grid): a damaged or absurd delta time; fix or re-export the file", name, tick, step,
                        MAX_STEPS, MAX_STEPS / (2.0 * options.stepsPerQuarter()) / 3600));
            }
            return (int) step;
        }

        private PianoRoll paint(long endTick) {
            PitchRange range = options.range();
            int length = step(endTick);
            int[] onSteps = new int[notes.size()];
            int[] endSteps = new int[notes.size()];
            for (int n = 0; n < notes.size(); n++) {
                Note note = notes.get(n);
                onSteps[n] = step(note.onTick());
                endSteps[n] = Math.max(step(note.offTick()), onSteps[n] + 1);
                length = Math.max(length, endSteps[n]);
            }
            PianoRoll roll = new PianoRoll(range, options.stepsPerQuarter(), length);
            // Struck cells win over held ones, so the order of painting does not matter.
            for (int n = 0; n < notes.size(); n++) {
                Note note = notes.get(n);
                int index = range.index(note.pitch());
                int on = onSteps[n];
                int velocity = roll.cell(on, index) == Cell.STRUCK
                        ? Math.max(roll.velocity(on, index), note.velocity())
                        : note.velocity();
                roll.set(on, index, Cell.STRUCK);
                roll.setVelocity(on, index, velocity);
                for (int t = on + 1; t < endSteps[n]; t++) {
                    if (roll.code(t, index) == Cell.SILENT_CODE) {
                        roll.set(t, index, Cell.HELD);
                    }
                }
            }
            tempos.forEach(roll::addTempo);
            signatures.forEach(roll::addTimeSignature);
            return roll;
        }
    }
}
