package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.BridgeException;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Addresses an RTP-MIDI session admits invitations from: a network address and the length of its
 * prefix, as in CIDR notation ({@code 192.168.1.0/24}; a single host is {@code /32} or
 * {@code /128}).
 *
 * @param network the range's first address (the bits past the prefix are zero)
 * @param prefix how many leading bits an address must share with {@code network}
 */
public record HostRange(InetAddress network, int prefix) {

    public HostRange {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new BridgeException("invalid prefix length /" + prefix + " for " + network.getHostAddress()
                    + " (expected 0.." + bits + ")");
        }
        network = masked(network, prefix);
    }

    /** Every address, IPv4 and IPv6: what macOS calls "Anyone". */
    public static List<HostRange> any() {
        try {
            return List.of(new HostRange(InetAddress.getByAddress(new byte[4]), 0),
                    new HostRange(InetAddress.getByAddress(new byte[16]), 0));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code address} lies in this range (an IPv4 address never lies in an IPv6 range, nor the reverse). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        return a.length == n.length && masked(a, prefix).equals(network);
    }

    /**
     * Reads {@code any}, {@code ADDRESS/PREFIX}, an address, or a host name (each address it
     * resolves to, alone). Refuses anything else with a message naming the text.
     */
    public static List<HostRange> parse(String text) {
        String t = text.strip();
        if (t.toLowerCase(Locale.ROOT).equals("any")) {
            return any();
        }
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        if (host.isEmpty()) {
            throw invalid(text);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new BridgeException("unknown host: " + host
                    + " (expected an address such as 192.168.1.20, a range such as 192.168.1.0/24, any, or a name"
                    + " this machine resolves)");
        }
        List<HostRange> ranges = new ArrayList<>();
        for (InetAddress address : addresses) {
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw invalid(text);
                }
            }
            ranges.add(new HostRange(address, prefix));
        }
        return ranges;
    }

    /**
     * The networks this machine is on: each interface address with its prefix (the whole LAN a
     * Wi-Fi or Ethernet address sits in), and the loopback ranges. What a session admits by
     * default.
     */
    public static List<HostRange> localNetworks() {
        Set<HostRange> ranges = new LinkedHashSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                    int bits = a.getAddress().getAddress().length * 8;
                    int prefix = a.getNetworkPrefixLength();
                    // a /0 (some virtual interfaces report it) would admit the whole internet
                    ranges.add(new HostRange(a.getAddress(), prefix <= 0 || prefix > bits ? bits : prefix));
                }
            }
        } catch (SocketException e) {
            // the interfaces cannot be listed: the loopback alone
        }
        try {
            ranges.add(new HostRange(InetAddress.getByName("127.0.0.0"), 8));
            ranges.add(new HostRange(InetAddress.getByName("::1"), 128));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(ranges);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }

    private static BridgeException invalid(String text) {
        return new BridgeException("invalid host range: " + text
                + " (expected an address such as 192.168.1.20, a range such as 192.168.1.0/24, any, or a host name)");
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        return masked(address.getAddress(), prefix);
    }

    private static InetAddress masked(byte[] bytes, int prefix) {
        byte[] b = bytes.clone();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            b[i] &= (byte) (0xFF << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
