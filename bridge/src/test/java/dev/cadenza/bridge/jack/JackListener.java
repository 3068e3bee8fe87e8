package dev.cadenza.bridge.jack;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;

/**
 * {@link JackInput} in its own JVM (its environment picks the test's JACK server): {@code JackListener
 * NAME SECONDS} prints "ready" once {@code NAME:in} is registered, then each message it hears as
 * "heard STATUS DATA1 DATA2" (hexadecimal), and "done" after SECONDS.
 */
public final class JackListener {
    private JackListener() {
    }

    public static void main(String[] args) throws Exception {
        Receiver print = new Receiver() {
            @Override
            public void send(MidiMessage message, long timeStamp) {
                if (message instanceof ShortMessage m) {
                    System.out.printf("heard %02x %02x %02x%n", m.getStatus(), m.getData1(), m.getData2());
                    System.out.flush();
                }
            }

            @Override
            public void close() {
                // nothing held
            }
        };
        try (JackInput in = JackInput.open(args[0], print, m -> System.out.println("log: " + m))) {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]) * 1000);
            System.out.println("dropped " + in.dropped());
        }
        System.out.println("done");
        System.out.flush();
        System.exit(0);
    }
}
