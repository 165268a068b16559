package dev.lethe.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jepsen's history: every record sent to {@code lethe.commands} (with its phase and whether the broker acknowledged
 * it) and every answer read from {@code lethe.command-results}, in memory for the checker and as JSON lines in a
 * file for whoever wants to look again. Times are taken from one monotonic clock.
 */
final class History implements AutoCloseable {

    enum Delivery { PENDING, ACKNOWLEDGED, FAILED }

    /** One record sent; {@code seq} is the order the load produced it in. */
    static final class Sent {
        final long seq;
        final String phase;
        final Workload.Command command;
        final long sentNanos;
        volatile Delivery delivery = Delivery.PENDING;

        Sent(long seq, String phase, Workload.Command command, long sentNanos) {
            this.seq = seq;
            this.phase = phase;
            this.command = command;
            this.sentNanos = sentNanos;
        }
    }

    /** One answer as read, and when. */
    record Answer(String commandId, JsonNode body, long receivedNanos) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long origin = System.nanoTime();
    private final Instant originInstant = Instant.now();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Answer> answerLog = new CopyOnWriteArrayList<>();
    private final BufferedWriter file;

    History(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.file = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history to " + file, e);
        }
    }

    Sent sending(String phase, Workload.Command command) {
        Sent record = new Sent(sequence.incrementAndGet(), phase, command, System.nanoTime());
        sent.add(record);
        return record;
    }

    void delivered(Sent record, Exception failure) {
        record.delivery = failure == null ? Delivery.ACKNOWLEDGED : Delivery.FAILED;
        ObjectNode line = line(failure == null ? "sent" : "send-failed", record.sentNanos);
        line.put("seq", record.seq).put("phase", record.phase).put("key", record.command.key())
                .put("commandId", record.command.commandId()).put("kind", record.command.kind().name());
        if (failure != null) {
            line.put("error", failure.getClass().getSimpleName());
        }
        write(line);
    }

    void answered(String commandId, String value) {
        long now = System.nanoTime();
        JsonNode body;
        try {
            body = JSON.readTree(value);
        } catch (IOException e) {
            body = JSON.getNodeFactory().textNode(value);
        }
        Answer answer = new Answer(commandId, body, now);
        answers.computeIfAbsent(commandId, id -> new CopyOnWriteArrayList<>()).add(answer);
        answerLog.add(answer);
        ObjectNode line = line("answered", now);
        line.put("commandId", commandId).set("answer", body);
        write(line);
    }

    void note(String event, String phase, long atNanos, Map<String, ?> details) {
        ObjectNode line = line(event, atNanos);
        line.put("phase", phase);
        details.forEach((name, value) -> line.put(name, String.valueOf(value)));
        write(line);
        flush();
    }

    private synchronized void flush() {
        try {
            file.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history", e);
        }
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    List<Answer> answersTo(String commandId) {
        return answers.getOrDefault(commandId, List.of());
    }

    Map<String, List<Answer>> answers() {
        return Map.copyOf(answers);
    }

    int answerCount() {
        return answerLog.size();
    }

    long pendingSends() {
        return sent.stream().filter(record -> record.delivery == Delivery.PENDING).count();
    }

    /** The first answer, received after {@code nanos}, to a command sent after {@code nanos}; -1 if none yet. */
    long firstAnswerToCommandSentAfter(long nanos) {
        List<String> later = new ArrayList<>();
        for (Sent record : sent) {
            if (record.sentNanos > nanos && record.command.commandId() != null) {
                later.add(record.command.commandId());
            }
        }
        return later.stream().flatMap(id -> answersTo(id).stream()).mapToLong(Answer::receivedNanos)
                .filter(received -> received > nanos).min().orElse(-1);
    }

    private ObjectNode line(String event, long nanos) {
        ObjectNode line = JSON.createObjectNode();
        line.put("event", event);
        line.put("at", originInstant.plusNanos(nanos - origin).toString());
        return line;
    }

    private synchronized void write(ObjectNode line) {
        try {
            file.write(JSON.writeValueAsString(line));
            file.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the history", e);
        }
    }
}
