package dev.lethe.localstack;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, at JVM exit, for Spring's shutdown hooks to close the tests' application contexts.
 *
 * <p>The JVM runs all shutdown hooks at once. When the broker and the database stopped while a cached test context
 * was still closing, its Kafka clients kept reconnecting and its connection pool waited for a connection to a server
 * that was gone, until Surefire killed the test JVM 30 s after {@code System.exit} ("Surefire is going to kill self
 * fork JVM", once per module with Spring integration tests). Stopping the infrastructure after the contexts closed
 * lets them close in well under a second.
 */
final class SpringContextsAtExit {

    private static final Logger LOG = LoggerFactory.getLogger(SpringContextsAtExit.class);
    // Spring Boot's hook (SpringApplication), Spring Framework's (ConfigurableApplicationContext.registerShutdownHook)
    private static final Set<String> HOOK_THREADS = Set.of("SpringApplicationShutdownHook", "SpringContextShutdownHook");
    // the JVM starts its hooks one after another: one registered by Spring is running within this time, or none is
    private static final Duration HOOK_START = Duration.ofMillis(200);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    private SpringContextsAtExit() {
    }

    static void awaitClosed() {
        if (!springPresent()) {
            return;
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        List<Thread> hooks = springHooks();
        for (long appear = System.nanoTime() + HOOK_START.toNanos(); hooks.isEmpty() && System.nanoTime() < appear; ) {
            Thread.onSpinWait();
            hooks = springHooks();
        }
        try {
            for (Thread hook : hooks) {
                hook.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (hooks.stream().anyMatch(Thread::isAlive)) {
            LOG.warn("Spring's application contexts were still closing after {} s; stopping the test infrastructure",
                    CLOSE_WAIT.toSeconds());
        }
    }

    private static List<Thread> springHooks() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> HOOK_THREADS.contains(thread.getName()) && thread.isAlive()).toList();
    }

    private static boolean springPresent() {
        try {
            Class.forName("org.springframework.context.ConfigurableApplicationContext", false,
                    SpringContextsAtExit.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
