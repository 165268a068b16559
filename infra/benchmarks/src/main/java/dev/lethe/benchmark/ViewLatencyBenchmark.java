package dev.lethe.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lethe.local.LaunchOptions;
import dev.lethe.local.LethePlatform;
import dev.lethe.local.LocalTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.util.FileSystemUtils;

/**
 * How long a registration takes to become visible to analysts: one command at a time, from the send to its
 * accepted result, and from the accepted result to the first {@code 200} of
 * {@code GET /api/customers/{id}}. Sequential on purpose: it measures the pipeline's latency, not queueing.
 *
 * <p>Usage: {@code java -cp … dev.lethe.benchmark.ViewLatencyBenchmark [commands] [rounds]}.
 */
public final class ViewLatencyBenchmark {

    private static final int WARM_UP = 100;
    private static final Duration POLL = Duration.ofMillis(2);
    /** The view is read as an analyst; the benchmark profile lifts the query service's rate limit for this poll. */
    private static final String ANALYST_TOKEN = LocalTokens.mint("benchmark", List.of("ANALYST", "ANALYST_PII"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private ViewLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int commands = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path services = Path.of(System.getProperty("lethe.services.dir", "infra/launcher/target/services"));
        Map<String, List<Double>> figures = new LinkedHashMap<>();
        for (String figure : List.of("resultP50", "resultP99", "visibleP50", "visibleP99", "sendToVisibleP50",
                "sendToVisibleP99")) {
            figures.put(figure, new ArrayList<>());
        }
        for (int round = 1; round <= rounds; round++) {
            Path data = Files.createTempDirectory("lethe-bench-latency");
            try (LethePlatform platform = LethePlatform.start(LaunchOptions.embedded(data, 0, 0, 0, 0, 0, services)
                    // the probe polls every 2 ms as one principal: the rate limit would measure itself
                    .withServiceArguments(List.of("--spring.profiles.active=local,benchmark")));
                 Probe probe = new Probe(platform)) {
                probe.measure(WARM_UP);
                Samples samples = probe.measure(commands);
                figures.get("resultP50").add(samples.result().percentile(50));
                figures.get("resultP99").add(samples.result().percentile(99));
                figures.get("visibleP50").add(samples.visible().percentile(50));
                figures.get("visibleP99").add(samples.visible().percentile(99));
                figures.get("sendToVisibleP50").add(samples.total().percentile(50));
                figures.get("sendToVisibleP99").add(samples.total().percentile(99));
                System.out.printf("round %d: send→result p50 %.1f ms p99 %.1f ms; accepted→visible p50 %.1f ms p99 %.1f ms%n",
                        round, samples.result().percentile(50), samples.result().percentile(99),
                        samples.visible().percentile(50), samples.visible().percentile(99));
            } finally {
                FileSystemUtils.deleteRecursively(data);
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("commands", commands);
        report.put("rounds", rounds);
        report.put("machine", Machine.describe());
        System.out.printf("%n%-18s %8s %8s %8s%n", "milliseconds", "min", "median", "max");
        figures.forEach((figure, values) -> {
            Stats stats = Stats.of(values);
            System.out.printf("%-18s %8.1f %8.1f %8.1f%n", figure, stats.min(), stats.median(), stats.max());
            report.put(figure + "Millis", stats);
        });
        Path file = Path.of("target", "benchmarks", "view-latency.json");
        Files.createDirectories(file.getParent());
        JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        System.out.println("written " + file.toAbsolutePath());
    }

    /** Latencies of one round, in milliseconds. */
    record Samples(Percentiles result, Percentiles visible, Percentiles total) {
    }

    record Percentiles(double[] sorted) {

        static Percentiles of(List<Double> values) {
            return new Percentiles(values.stream().mapToDouble(Double::doubleValue).sorted().toArray());
        }

        /** Nearest-rank percentile. */
        double percentile(int p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }

    private static final class Probe implements AutoCloseable {

        private final KafkaProducer<String, String> producer;
        private final KafkaConsumer<String, String> results;
        private final HttpClient http = HttpClient.newHttpClient();
        private final String queryUrl;

        Probe(LethePlatform platform) {
            queryUrl = platform.queryUrl();
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
            results = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer());
            results.subscribe(List.of("lethe.command-results"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (results.assignment().isEmpty() && System.nanoTime() < deadline) {
                results.poll(Duration.ofMillis(100));
            }
        }

        Samples measure(int commands) throws Exception {
            List<Double> result = new ArrayList<>();
            List<Double> visible = new ArrayList<>();
            List<Double> total = new ArrayList<>();
            for (int i = 0; i < commands; i++) {
                String commandId = UUID.randomUUID().toString();
                String reference = "latency-" + commandId;
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>("lethe.commands", "webshop:" + reference,
                        CommandLoad.register(commandId, reference)));
                String customerId = awaitAccepted(commandId);
                long accepted = System.nanoTime();
                awaitVisible(customerId);
                long seen = System.nanoTime();
                result.add((accepted - sent) / 1e6);
                visible.add((seen - accepted) / 1e6);
                total.add((seen - sent) / 1e6);
            }
            return new Samples(Percentiles.of(result), Percentiles.of(visible), Percentiles.of(total));
        }

        private String awaitAccepted(String commandId) throws IOException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(1))) {
                    if (record.key().equals(commandId)) {
                        var result = JSON.readTree(record.value());
                        if (!"ACCEPTED".equals(result.path("status").asText())) {
                            throw new IllegalStateException("benchmark command rejected: " + result.path("code").asText());
                        }
                        return result.path("customerId").asText();
                    }
                }
            }
            throw new IllegalStateException("no result within 30 s");
        }

        private void awaitVisible(String customerId) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(queryUrl + "/api/customers/" + customerId))
                    .header("Authorization", "Bearer " + ANALYST_TOKEN).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
            throw new IllegalStateException("customer not visible within 30 s");
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
            results.close(Duration.ofSeconds(5));
        }
    }
}
