package dev.lethe.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the command mix ({@link CommandMix}) and measures it. Updates, consents and erasures are aimed at customers
 * whose registration was accepted earlier (their {@code customerId} from the result), keyed by that id so that
 * Kafka keeps each customer's commands in order; an erased customer leaves the pool before its erasure is sent, so
 * no later command is aimed at it. Two ways to pace: closed-loop with at most {@code window} commands in flight
 * (throughput), or open-loop at a fixed rate whatever the answers do (latency at a given load).
 */
final class MixedLoad {

    /** What one run measured. {@code rejections} counts rejected commands by code (none are expected). */
    record Outcome(int commands, double seconds, Latencies result, Latencies visible, Latencies erasure,
                   int unobserved, Map<String, Integer> rejections) {

        double perSecond() {
            return commands / seconds;
        }
    }

    private static final class Customer {
        final String id;
        boolean consented;

        Customer(String id) {
            this.id = id;
        }
    }

    private final CommandChannel channel;
    private final ViewProbe probe;
    private final CommandMix mix;
    private final List<Customer> pool = new ArrayList<>();

    MixedLoad(CommandChannel channel, ViewProbe probe, long seed) {
        this.channel = channel;
        this.probe = probe;
        this.mix = new CommandMix(seed);
    }

    /** As fast as the platform answers, with at most {@code window} unanswered commands. */
    Outcome closedLoop(int commands, int window, int visibilitySamples, Duration timeout) {
        return run(commands, window, 0, visibilitySamples, timeout);
    }

    /** Sends at {@code perSecond} on a fixed schedule, however late the answers come (open loop). */
    Outcome fixedRate(int commands, double perSecond, Duration timeout) {
        return run(commands, Integer.MAX_VALUE, perSecond, 0, timeout);
    }

    private Outcome run(int commands, int window, double perSecond, int visibilitySamples, Duration timeout) {
        Latencies result = new Latencies();
        Latencies visible = new Latencies();
        Latencies erasure = new Latencies();
        Map<String, Integer> rejections = new TreeMap<>();
        Semaphore slots = new Semaphore(Math.min(window, commands));
        CountDownLatch answered = new CountDownLatch(commands);
        AtomicLong lastAnswer = new AtomicLong();
        AtomicInteger registrations = new AtomicInteger();
        // about 60 % are registrations; every n-th is watched until visible
        int sampleEvery = visibilitySamples == 0 ? Integer.MAX_VALUE : Math.max(1, commands * 6 / 10 / visibilitySamples);
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        for (int i = 0; i < commands; i++) {
            if (perSecond > 0) {
                long due = start + (long) (i * 1e9 / perSecond);
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
            }
            acquire(slots, deadline, commands - i);
            String commandId = UUID.randomUUID().toString();
            CommandMix.Kind kind;
            Customer target;
            synchronized (pool) {
                kind = pool.isEmpty() ? CommandMix.Kind.REGISTER : mix.next();
                target = kind == CommandMix.Kind.REGISTER ? null : pool.get(mix.pick(pool.size()));
                if (kind == CommandMix.Kind.ERASE) {
                    pool.remove(target);
                }
            }
            boolean watched = kind == CommandMix.Kind.REGISTER && registrations.incrementAndGet() % sampleEvery == 0;
            String key = target == null ? "webshop:bench-" + commandId : target.id;
            var answer = channel.send(key, commandId, envelope(kind, commandId, target));
            if (kind == CommandMix.Kind.ERASE) {
                probe.watch(target.id, System.nanoTime(), ViewProbe.ERASED, erasure);
            }
            answer.whenComplete((outcome, failure) -> {
                if (failure != null) {
                    count(rejections, "SEND_FAILED");
                } else {
                    result.addNanos(outcome.latencyNanos());
                    if (!outcome.accepted()) {
                        count(rejections, String.valueOf(outcome.code()));
                    } else if (kind == CommandMix.Kind.REGISTER) {
                        synchronized (pool) {
                            pool.add(new Customer(outcome.customerId()));
                        }
                        if (watched) {
                            probe.watch(outcome.customerId(), outcome.sentNanos(), ViewProbe.VISIBLE, visible);
                        }
                    }
                    lastAnswer.accumulateAndGet(outcome.answeredNanos(), Math::max);
                }
                slots.release();
                answered.countDown();
            });
        }
        channel.flush();
        await(answered, deadline);
        int unobserved = probe.awaitAll(Duration.ofSeconds(60));
        double seconds = (lastAnswer.get() - start) / 1e9;
        return new Outcome(commands, seconds, result, visible, erasure, unobserved, rejections);
    }

    private String envelope(CommandMix.Kind kind, String commandId, Customer target) {
        switch (kind) {
            case REGISTER:
                return Envelopes.register(commandId, "bench-" + commandId);
            case UPDATE:
                return Envelopes.updateContactDetails(commandId, target.id);
            case CONSENT:
                // alternate, so that a withdrawal always has a grant to withdraw
                target.consented = !target.consented;
                return target.consented ? Envelopes.grantConsent(commandId, target.id)
                        : Envelopes.withdrawConsent(commandId, target.id);
            case ERASE:
                return Envelopes.erase(commandId, target.id);
            default:
                throw new IllegalArgumentException(kind.name());
        }
    }

    private static void acquire(Semaphore slots, long deadline, int remaining) {
        try {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("timed out with " + remaining + " commands still to send");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void await(CountDownLatch answered, long deadline) {
        try {
            if (!answered.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(answered.getCount() + " commands got no result in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void count(Map<String, Integer> rejections, String code) {
        synchronized (rejections) {
            rejections.merge(code, 1, Integer::sum);
        }
    }
}
