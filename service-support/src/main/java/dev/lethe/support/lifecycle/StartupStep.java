package dev.lethe.support.lifecycle;

import org.springframework.context.SmartLifecycle;

/**
 * Work a service must finish at a fixed point of its start-up — after the beans it needs, before what must not see
 * the world without it (Axon's processors, the web server, the Kafka listeners, by phase). A failure stops the
 * start-up. Stopping has nothing to undo.
 */
public abstract class StartupStep implements SmartLifecycle {

    private final int phase;
    private volatile boolean running;

    /** @param phase the {@link SmartLifecycle} phase; lower starts earlier */
    protected StartupStep(int phase) {
        this.phase = phase;
    }

    /** Runs once per start; an exception stops the service's start-up. */
    protected abstract void run();

    @Override
    public final void start() {
        run();
        running = true;
    }

    @Override
    public final void stop() {
        running = false;
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final int getPhase() {
        return phase;
    }
}
