// A remote RTP-MIDI participant for Cadenza's integration tests: the npm package rtpmidi, an
// independent Node implementation, driven by one command per line on stdin. Every line it writes
// for the test starts with "PEER "; anything else on stdout is the library's own logging.
//
//   node peer.js PORT NAME SSRC
//   stdin:  connect HOST PORT | send HEX HEX ... [; HEX ...] | end | exit
//   stdout: PEER ready PORT | PEER connected NAME SSRC | PEER removed NAME | PEER midi HEX...
//           PEER ck COUNT | PEER synced LATENCY TIME_DIFFERENCE
'use strict';

const Module = require('module');
const readline = require('readline');

// rtpmidi's optional DNS-SD modules are installed as an empty package (see package.json): make
// them look absent, as the library expects when they are, so that it never touches multicast.
const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'mdns' || request === 'avahi_pub') {
    throw new Error(`${request} is not used by the tests`);
  }
  return originalLoad.call(this, request, ...rest);
};

const rtpmidi = require('rtpmidi');

rtpmidi.logger.level = 'error';

const [port, name, ssrc] = process.argv.slice(2);
const session = new rtpmidi.Session(Number(port), name, name, Number(ssrc), false);

function say(line) {
  process.stdout.write(`PEER ${line}\n`);
}

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

session.on('ready', () => say(`ready ${port}`));
session.on('error', (e) => say(`error ${e.message}`));
session.on('streamAdded', ({ stream }) => {
  say(`connected ${stream.name} ${stream.ssrc}`);
  stream.on('control-message', (message) => {
    if (message.command === 'synchronization') {
      say(`ck ${message.count}`);
      if (stream.latency !== null && stream.timeDifference !== null) {
        say(`synced ${stream.latency} ${stream.timeDifference}`);
      }
    }
  });
});
session.on('streamRemoved', ({ stream }) => say(`removed ${stream.name}`));
session.on('message', (deltaTime, message) => say(`midi ${hex(message)}`));

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  const [command, ...args] = line.trim().split(/\s+/);
  switch (command) {
    case 'connect':
      session.connect({ address: args[0], port: Number(args[1]) });
      break;
    case 'send':
      // messages split by ';' go out in one tick, so the library bundles them in one packet
      args.join(' ').split(';').forEach((message) => {
        const bytes = message.trim().split(/\s+/).map((b) => parseInt(b, 16));
        session.sendMessage(Date.now() / 1000 * session.rate, bytes);
      });
      break;
    case 'end':
      session.streams.slice().forEach((stream) => stream.end());
      break;
    case 'exit':
      session.end(() => process.exit(0));
      setTimeout(() => process.exit(0), 500);
      break;
    default:
      say(`error unknown command ${command}`);
  }
});
input.on('close', () => process.exit(0));

session.start();
