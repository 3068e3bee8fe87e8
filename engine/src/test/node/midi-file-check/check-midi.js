// Parses a Standard MIDI File with the independent npm parser `midi-file` and prints a JSON summary
// that MidiFileIndependentParserTest compares with the roll the file was written from. Exits 1, with
// the reason on stderr, when the file does not parse or is structurally wrong (track count, missing
// end-of-track, a note-on never turned off, a note-off without a note-on).
//
// With --partial (a recording cut short, whose notes cross from one track to the next and may be
// left sounding), the note pairing is not checked, and the summary adds `notes`: every note-on and
// note-off of every track as [tick, pitch, 1 for on / 0 for off], in time order.
'use strict';
const fs = require('fs');
const { parseMidi } = require('midi-file');

function fail(reason) {
  process.stderr.write('check-midi: ' + reason + '\n');
  process.exit(1);
}

const partial = process.argv[2] === '--partial';
const file = process.argv[partial ? 3 : 2];
if (!file) fail('usage: node check-midi.js [--partial] FILE.mid');

let midi;
try {
  midi = parseMidi(fs.readFileSync(file));
} catch (e) {
  fail('parse error: ' + e);
}

if (midi.tracks.length !== midi.header.numTracks) {
  fail('header says ' + midi.header.numTracks + ' tracks, file holds ' + midi.tracks.length);
}

const summary = {
  format: midi.header.format,
  ticksPerBeat: midi.header.ticksPerBeat,
  tracks: midi.tracks.length,
  noteOns: 0,
  noteOffs: 0,
  tempos: [],
  timeSignatures: [],
  lastTick: 0,
  // across tracks and channels: onsets as distinct (tick, pitch), and those of a pitch that was
  // sounding just before (re-strikes), as a piano roll holds them
  distinctOnsets: 0,
  restrikes: 0,
};
const timeline = [];

midi.tracks.forEach((track, t) => {
  let tick = 0;
  const open = new Map();
  track.forEach((event, i) => {
    tick += event.deltaTime;
    if (event.type === 'endOfTrack' && i !== track.length - 1) fail('track ' + t + ': end of track before its last event');
    if (event.type === 'noteOn' && event.velocity > 0) {
      summary.noteOns++;
      timeline.push({ tick: tick, pitch: event.noteNumber, on: true });
      const key = event.channel + ':' + event.noteNumber;
      open.set(key, (open.get(key) || 0) + 1);
    } else if (event.type === 'noteOff' || (event.type === 'noteOn' && event.velocity === 0)) {
      summary.noteOffs++;
      const key = event.channel + ':' + event.noteNumber;
      if (!open.get(key) && !partial) fail('track ' + t + ': note-off without note-on for ' + key + ' at tick ' + tick);
      open.set(key, open.get(key) - 1);
      timeline.push({ tick: tick, pitch: event.noteNumber, on: false });
    } else if (event.type === 'setTempo') {
      summary.tempos.push({ tick: tick, microsPerQuarter: event.microsecondsPerBeat });
    } else if (event.type === 'timeSignature') {
      summary.timeSignatures.push({ tick: tick, numerator: event.numerator, denominator: event.denominator });
    }
  });
  if (track.length === 0 || track[track.length - 1].type !== 'endOfTrack') fail('track ' + t + ' has no end-of-track event');
  for (const [key, count] of open) {
    if (count !== 0 && !partial) fail('track ' + t + ': ' + count + ' note(s) ' + key + ' never turned off');
  }
  summary.lastTick = Math.max(summary.lastTick, tick);
});

// every track's notes on one timeline: at each tick, a note-on of a pitch that was sounding before
// the tick (a note of it still held, or ending right then) strikes it again
timeline.sort((a, b) => a.tick - b.tick);
if (partial) summary.notes = timeline.map((e) => [e.tick, e.pitch, e.on ? 1 : 0]);
const sounding = new Map();
for (let i = 0; i < timeline.length;) {
  let j = i;
  while (j < timeline.length && timeline[j].tick === timeline[i].tick) j++;
  const before = new Set([...sounding].filter(([, n]) => n > 0).map(([p]) => p));
  const struck = new Set(timeline.slice(i, j).filter((e) => e.on).map((e) => e.pitch));
  summary.distinctOnsets += struck.size;
  for (const pitch of struck) {
    if (before.has(pitch)) summary.restrikes++;
  }
  for (let k = i; k < j; k++) {
    const e = timeline[k];
    sounding.set(e.pitch, (sounding.get(e.pitch) || 0) + (e.on ? 1 : -1));
  }
  i = j;
}

process.stdout.write(JSON.stringify(summary) + '\n');
