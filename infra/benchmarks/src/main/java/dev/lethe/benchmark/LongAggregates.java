package dev.lethe.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Command latency on a customer with a long history against customers with a short one: one customer is given
 * {@code longHistory} events, ten others {@code shortHistory} each; then contact updates are sent one at a time,
 * alternating between the long customer and the short ones (so drift of the machine hits both alike), each
 * awaited before the next. Every measured command adds one event; the short customers share the measured commands
 * so that each stays short.
 */
final class LongAggregates {

    record Outcome(Latencies longHistory, Latencies shortHistory) {
    }

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final int SHORT_CUSTOMERS = 10;

    private final CommandChannel channel;

    LongAggregates(CommandChannel channel) {
        this.channel = channel;
    }

    Outcome measure(int longHistory, int shortHistory, int samples) {
        String longCustomer = register();
        grow(longCustomer, longHistory - 1);
        List<String> shortCustomers = new ArrayList<>();
        for (int i = 0; i < SHORT_CUSTOMERS; i++) {
            String customer = register();
            grow(customer, shortHistory - 1);
            shortCustomers.add(customer);
        }
        Latencies onLong = new Latencies();
        Latencies onShort = new Latencies();
        for (int i = 0; i < samples; i++) {
            onLong.addNanos(update(longCustomer).latencyNanos());
            onShort.addNanos(update(shortCustomers.get(i % SHORT_CUSTOMERS)).latencyNanos());
        }
        return new Outcome(onLong, onShort);
    }

    private String register() {
        String commandId = UUID.randomUUID().toString();
        return accepted(channel.send("webshop:bench-" + commandId, commandId,
                Envelopes.register(commandId, "bench-" + commandId))).customerId();
    }

    /** Adds events as fast as the platform takes them: all on one key, so in order, and awaited together. */
    private void grow(String customerId, int events) {
        List<CompletableFuture<CommandChannel.Result>> answers = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String commandId = UUID.randomUUID().toString();
            answers.add(channel.send(customerId, commandId, Envelopes.updateContactDetails(commandId, customerId)));
        }
        channel.flush();
        answers.forEach(this::accepted);
    }

    private CommandChannel.Result update(String customerId) {
        String commandId = UUID.randomUUID().toString();
        CompletableFuture<CommandChannel.Result> answer =
                channel.send(customerId, commandId, Envelopes.updateContactDetails(commandId, customerId));
        channel.flush();
        return accepted(answer);
    }

    private CommandChannel.Result accepted(CompletableFuture<CommandChannel.Result> answer) {
        try {
            CommandChannel.Result result = answer.get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!result.accepted()) {
                throw new IllegalStateException("a long-aggregate command was rejected: " + result.code());
            }
            return result;
        } catch (TimeoutException e) {
            throw new IllegalStateException("a long-aggregate command got no answer within " + ANSWER_TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a long-aggregate command could not be sent", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
