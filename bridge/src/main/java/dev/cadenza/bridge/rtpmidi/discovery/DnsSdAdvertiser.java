package dev.cadenza.bridge.rtpmidi.discovery;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;

/**
 * Announces a session by DNS-SD as {@code _apple-midi._udp}, so that macOS's MIDI Network Setup
 * and the rtpMIDI driver list it by name. Uses jmdns, which sends multicast on the LAN: tests
 * never start one. Registration runs on its own daemon thread (probing takes a second or two), so
 * that starting a session does not wait for it; a failure is logged, never fatal.
 */
public final class DnsSdAdvertiser implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DnsSdAdvertiser.class.getName());

    /** The DNS-SD service type of Apple's network MIDI sessions. */
    public static final String SERVICE_TYPE = "_apple-midi._udp.local.";

    private final Thread thread;
    private volatile JmDNS jmdns;
    private volatile boolean closed;

    private DnsSdAdvertiser(String name, int controlPort, InetAddress bindAddress) {
        thread = new Thread(() -> register(name, controlPort, bindAddress), "cadenza-rtpmidi-dnssd");
        thread.setDaemon(true);
    }

    /** Starts announcing {@code name} on {@code controlPort}. Control thread only. */
    public static DnsSdAdvertiser start(String name, int controlPort, InetAddress bindAddress) {
        DnsSdAdvertiser advertiser = new DnsSdAdvertiser(name, controlPort, bindAddress);
        advertiser.thread.start();
        return advertiser;
    }

    private void register(String name, int controlPort, InetAddress bindAddress) {
        try {
            JmDNS created = bindAddress == null || bindAddress.isAnyLocalAddress()
                    ? JmDNS.create() : JmDNS.create(bindAddress);
            jmdns = created;
            if (closed) {
                created.close();
                return;
            }
            created.registerService(ServiceInfo.create(SERVICE_TYPE, name, controlPort, ""));
            LOG.log(Level.INFO, "RTP-MIDI session \"{0}\" announced as {1} on port {2}", name,
                    SERVICE_TYPE, controlPort);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not announce the RTP-MIDI session \"" + name
                    + "\" by DNS-SD; peers can still connect by address and port", e);
        }
    }

    /** Withdraws the announcement. Control thread only. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        JmDNS current = jmdns;
        if (current != null) {
            try {
                current.unregisterAllServices();
                current.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "closing DNS-SD", e);
            }
        }
    }
}
