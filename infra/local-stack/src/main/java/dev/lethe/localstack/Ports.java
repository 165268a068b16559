package dev.lethe.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** Port choice for local servers: 0 means "any free port". */
public final class Ports {

    private Ports() {
    }

    /**
     * Ports are handed out below the kernel's ephemeral range (32768 and up on Linux): a port the OS picked
     * for us there can be taken by any outgoing connection (a Kafka or JDBC client) before our server binds
     * it, which made starts fail at random. Candidates start at a random point and walk upwards, so two
     * JVMs on one machine rarely try the same ones.
     */
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST + new Random().nextInt(LAST - FIRST));

    public static int freePort() {
        for (int attempt = 0; attempt < LAST - FIRST; attempt++) {
            int candidate = FIRST + Math.floorMod(NEXT.getAndIncrement() - FIRST, LAST - FIRST);
            if (isFree(candidate)) {
                return candidate;
            }
        }
        throw new UncheckedIOException(new IOException("no free local port between " + FIRST + " and " + LAST));
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int resolve(int port) {
        return port == 0 ? freePort() : port;
    }

    /**
     * The requested port, checked to be free, or for 0 the first candidate that is still free when checked
     * again: between the probe and the server's own bind another process may take a port, and for a port we
     * chose ourselves the answer to that is another port, not a failed start.
     */
    public static int reserve(int requested, String what) {
        if (requested != 0) {
            requireFree(requested, what);
            return requested;
        }
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            int candidate = freePort();
            try {
                requireFree(candidate, what);
                return candidate;
            } catch (IllegalStateException taken) {
                lastFailure = taken;
            }
        }
        throw lastFailure;
    }

    /** Fails early and by name instead of letting a server die later with a bind error in its own log. */
    public static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException(what + ": port " + port + " is already in use", e);
        }
    }
}
