package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Who may join a session, without a socket: the invitation rate, the allow-list, half-open places, the size. */
class AdmissionTest {
    private static final long SECOND = 1_000_000_000L;
    private static final InetAddress HOST = address("10.1.2.3");

    private final Admission admission = new Admission(HostRange.parse("10.0.0.0/8"), 3);

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** How many invitations {@code host} gets through at {@code nowNanos}, trying {@code tries} times. */
    private int admittedOf(InetAddress host, long nowNanos, int tries) {
        int admitted = 0;
        for (int i = 0; i < tries; i++) {
            admitted += admission.withinRate(host, nowNanos) ? 1 : 0;
        }
        return admitted;
    }

    @Test
    @DisplayName("a host may invite four times at once, then once a second, and a refused invitation takes nothing")
    void fourAtOnceThenOneASecond() {
        assertEquals(4, admittedOf(HOST, 0, 10));
        assertEquals(0, admittedOf(HOST, SECOND - 1, 10), "the fifth waits a whole second");
        assertEquals(1, admittedOf(HOST, SECOND, 10));
        assertEquals(1, admittedOf(HOST, 2 * SECOND, 10));
    }

    @Test
    @DisplayName("a host that stays quiet gets its whole burst back, and no more")
    void aQuietHostGetsItsBurstBack() {
        assertEquals(4, admittedOf(HOST, 0, 4));
        assertEquals(4, admittedOf(HOST, 4 * SECOND, 10));
        assertEquals(4, admittedOf(HOST, 60 * SECOND, 10));
    }

    @Test
    @DisplayName("each host has its own budget")
    void hostsHaveTheirOwnBudgets() {
        assertEquals(4, admittedOf(HOST, 0, 10));
        assertEquals(4, admittedOf(address("10.1.2.4"), 0, 10));
        assertFalse(admission.withinRate(HOST, 0));
    }

    @Test
    @DisplayName("past 4096 hosts, the one heard from longest ago is forgotten and starts afresh")
    void theOldestHostIsForgotten() throws UnknownHostException {
        assertEquals(4, admittedOf(HOST, 0, 4));
        for (InetAddress other : others(Admission.RATE_HOSTS)) {
            assertTrue(admission.withinRate(other, 0));
        }
        assertTrue(admission.withinRate(HOST, 0), "the 4097th host pushed out the one heard from longest ago");
    }

    @Test
    @DisplayName("a host that keeps inviting is heard from recently, so it is remembered however many others come")
    void aHostThatKeepsInvitingIsRemembered() throws UnknownHostException {
        assertEquals(4, admittedOf(HOST, 0, 4));
        List<InetAddress> others = others(Admission.RATE_HOSTS);
        for (InetAddress other : others.subList(0, Admission.RATE_HOSTS - 1)) {
            assertTrue(admission.withinRate(other, 0));
        }
        assertFalse(admission.withinRate(HOST, 0));
        assertTrue(admission.withinRate(others.get(Admission.RATE_HOSTS - 1), 0));
        assertFalse(admission.withinRate(HOST, 0), "its budget is still spent");
    }

    private static List<InetAddress> others(int count) throws UnknownHostException {
        List<InetAddress> others = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            others.add(InetAddress.getByAddress(new byte[] {10, 9, (byte) (i >>> 8), (byte) i}));
        }
        return others;
    }

    @Test
    @DisplayName("an invitation is refused for its host first, then for its host's half-open places, then for a full session")
    void refusalsInTheirOrder() {
        assertEquals(Optional.of("not a host this session allows"), admission.refusal(address("11.0.0.1"), 5, 3));
        assertEquals(Optional.of("that host has 2 invitations that never reached the data port"),
                admission.refusal(HOST, 2, 3));
        assertEquals(Optional.of("the session is full (3)"), admission.refusal(HOST, 1, 3));
        assertEquals(Optional.empty(), admission.refusal(HOST, 1, 2));
        assertEquals(Optional.empty(), admission.refusal(address("10.255.255.255"), 0, 0));
    }

    @Test
    @DisplayName("an IPv6 host is outside IPv4 ranges, and the admitted ranges are those given")
    void rangesAreThoseGiven() {
        assertEquals(Optional.of("not a host this session allows"), admission.refusal(address("::1"), 0, 0));
        assertEquals(List.of("10.0.0.0/8"), admission.admitted().stream().map(HostRange::toString).toList());
    }
}
