package dev.lethe.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends the workload to {@code lethe.commands} at a fixed rate, recording each record in the history when handed
 * to the producer and again when the broker acknowledged it (or the producer gave up). The producer is idempotent
 * and waits minutes for a broker that is down, so a fault delays records rather than reordering or dropping them.
 */
final class Load implements AutoCloseable {

    static final String COMMANDS = "lethe.commands";

    private final KafkaProducer<String, String> producer;
    private final Workload workload;
    private final History history;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chaos-load");
        thread.setDaemon(true);
        return thread;
    });

    Load(String bootstrapServers, Workload workload, History history) {
        this.workload = workload;
        this.history = history;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                // a platform restart (SIGTERM, then the run command again) takes a minute or more on 2 busy cores
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000",
                // a send blocks only without metadata; one that gives up is recorded as failed, and is owed nothing
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000",
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000"),
                new StringSerializer(), new StringSerializer());
    }

    /** A phase's load: {@code count} records at {@code rate} per second, sent from one thread, in workload order. */
    final class Run {
        private final AtomicInteger handedOver = new AtomicInteger();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile ScheduledFuture<?> ticks;

        int handedOver() {
            return handedOver.get();
        }

        /** True once every record was handed over; throws if the load itself failed. */
        boolean finished() {
            if (done.isCompletedExceptionally()) {
                done.join();
            }
            return done.isDone();
        }
    }

    Run start(String phase, int count, double rate) {
        Run run = new Run();
        long period = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
        run.ticks = scheduler.scheduleAtFixedRate(() -> {
            if (run.handedOver.get() >= count) {
                run.done.complete(null);
                run.ticks.cancel(false);
                return;
            }
            try {
                send(phase, workload.next());
                run.handedOver.incrementAndGet();
            } catch (RuntimeException defect) {
                run.done.completeExceptionally(defect);
                run.ticks.cancel(false);
            }
        }, 0, period, TimeUnit.NANOSECONDS);
        return run;
    }

    private void send(String phase, Workload.Command command) {
        History.Sent record = history.sending(phase, command);
        try {
            producer.send(new ProducerRecord<>(COMMANDS, command.key(), command.value()),
                    (metadata, failure) -> history.delivered(record, failure));
        } catch (RuntimeException failure) {
            // e.g. no metadata within max.block.ms while the broker is down: not sent, and known not to be
            history.delivered(record, failure);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
