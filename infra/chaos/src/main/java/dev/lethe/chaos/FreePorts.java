package dev.lethe.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free local ports for the platform under test, below the kernel's ephemeral range (32768 and up on Linux), where
 * an outgoing client connection could take a port between our probe and the server's bind. The same ports are
 * used again when the platform restarts, as a user's configuration would.
 */
final class FreePorts {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final AtomicInteger NEXT = new AtomicInteger(FIRST + new Random().nextInt(LAST - FIRST));

    private FreePorts() {
    }

    static int next() {
        for (int attempt = 0; attempt < LAST - FIRST; attempt++) {
            int candidate = FIRST + Math.floorMod(NEXT.getAndIncrement() - FIRST, LAST - FIRST);
            if (free(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free local port between " + FIRST + " and " + LAST);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
