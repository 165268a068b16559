package dev.lethe.localstack;

/** A JVM shutdown hook that its owner can withdraw once it has closed the resource itself. */
public final class ShutdownHook {

    private final Thread thread;

    private ShutdownHook(Thread thread) {
        this.thread = thread;
    }

    public static ShutdownHook register(String name, Runnable action) {
        Thread thread = new Thread(action, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(thread);
        return new ShutdownHook(thread);
    }

    public void remove() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shutdownAlreadyRunning) {
            // the hook is running or about to; nothing left to withdraw
        }
    }
}
