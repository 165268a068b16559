package dev.lethe.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.chaos.Observations.AuditEntry;
import dev.lethe.chaos.Observations.PartitionLag;
import dev.lethe.chaos.Observations.PublishedEvent;
import dev.lethe.chaos.Observations.StoredEvent;
import dev.lethe.chaos.Observations.ViewRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares the history with what the platform holds and names every violation of each {@link Invariant}: a
 * commandId, a customerId, an event id or a partition. Pure: the same history and observations give the same
 * verdict, which is what makes it testable without a platform.
 */
final class Checker {

    /**
     * The violations found at one check, by invariant, and for a view that differs from the store what differs
     * (statuses, flags, purposes: no personal data).
     */
    record Verdict(Map<Invariant, Set<String>> violations, Map<String, String> explanations) {

        Set<String> of(Invariant invariant) {
            return violations.getOrDefault(invariant, Set.of());
        }

        boolean clean() {
            return violations.values().stream().allMatch(Set::isEmpty);
        }
    }

    /** What a customer's events in the store amount to. */
    record CustomerState(String status, boolean restricted, Map<String, Boolean> consents) {
    }

    Verdict check(List<History.Sent> sent, Map<String, List<History.Answer>> answers, Observations observed) {
        Map<Invariant, Set<String>> found = new EnumMap<>(Invariant.class);
        for (Invariant invariant : Invariant.values()) {
            found.put(invariant, new TreeSet<>());
        }
        answers(sent, answers, found);
        Map<String, List<StoredEvent>> byCommand = observed.store().stream().filter(event -> event.commandId() != null)
                .collect(Collectors.groupingBy(StoredEvent::commandId));
        lost(sent, answers, byCommand, found.get(Invariant.LOST));
        duplicates(byCommand, observed.audit(), found.get(Invariant.DUPLICATE_EFFECTS));
        Map<String, String> explanations = new TreeMap<>();
        view(observed, found.get(Invariant.VIEW_NOT_STORE), explanations);
        eventFlow(observed, found);
        for (PartitionLag lag : observed.lags()) {
            if (lag.lag() > 0) {
                found.get(Invariant.STUCK).add(lag.group() + "/" + lag.topic() + "-" + lag.partition());
            }
        }
        return new Verdict(found, explanations);
    }

    /**
     * Every acknowledged record with a readable id gets an answer of its own (so n records with one id need n
     * answers), and all answers to one id are the same. A record whose send failed may or may not have arrived: it
     * is owed nothing, but an answer to it still has to agree with the others.
     */
    private static void answers(List<History.Sent> sent, Map<String, List<History.Answer>> answers,
                                Map<Invariant, Set<String>> found) {
        Map<String, Integer> owed = new HashMap<>();
        for (History.Sent record : sent) {
            if (record.command.kind().answerable() && record.delivery == History.Delivery.ACKNOWLEDGED) {
                owed.merge(record.command.commandId(), 1, Integer::sum);
            }
        }
        owed.forEach((commandId, records) -> {
            int got = answers.getOrDefault(commandId, List.of()).size();
            for (int missing = got; missing < records; missing++) {
                found.get(Invariant.UNANSWERED).add(commandId + "#" + (missing + 1));
            }
        });
        answers.forEach((commandId, list) -> {
            Set<JsonNode> distinct = new HashSet<>();
            list.forEach(answer -> distinct.add(answer.body()));
            if (distinct.size() > 1) {
                found.get(Invariant.ANSWERED_DIFFERENTLY).add(commandId);
            }
        });
    }

    /**
     * Replays the accepted commands per customer in the order sent (one key per person, so the platform decided
     * them in that order) and expects the store to hold the event each one had to produce. A restriction that was
     * already in place, or lifting one that was not, produces none.
     */
    private static void lost(List<History.Sent> sent, Map<String, List<History.Answer>> answers,
                             Map<String, List<StoredEvent>> byCommand, Set<String> lost) {
        Map<String, Boolean> restricted = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (History.Sent record : sent.stream().sorted(Comparator.comparingLong(s -> s.seq)).toList()) {
            Kind kind = record.command.kind();
            String commandId = record.command.commandId();
            if (!kind.original() || !seen.add(commandId)) {
                continue;
            }
            List<History.Answer> answered = answers.getOrDefault(commandId, List.of());
            if (answered.isEmpty() || !"ACCEPTED".equals(answered.get(0).body().path("status").asText())) {
                continue;
            }
            String customerId = answered.get(0).body().path("customerId").asText(null);
            boolean wasRestricted = restricted.getOrDefault(customerId, false);
            List<StoredEvent> events = byCommand.getOrDefault(commandId, List.of());
            boolean expected = switch (kind.effect) {
                case RESTRICT -> !wasRestricted;
                case LIFT -> wasRestricted;
                default -> true;
            };
            if (kind.effect == Kind.Effect.RESTRICT) {
                restricted.put(customerId, true);
            } else if (kind.effect == Kind.Effect.LIFT) {
                restricted.put(customerId, false);
            }
            boolean stored = kind.effect == Kind.Effect.ERASE
                    ? events.stream().anyMatch(event -> event.type().equals("CustomerErased"))
                    : !events.isEmpty();
            if (expected && !stored) {
                lost.add(commandId);
            }
        }
    }

    private static void duplicates(Map<String, List<StoredEvent>> byCommand, List<AuditEntry> audit,
                                   Set<String> duplicates) {
        byCommand.forEach((commandId, events) -> events.stream()
                .collect(Collectors.groupingBy(StoredEvent::type, Collectors.counting()))
                .forEach((type, count) -> {
                    if (count > 1) {
                        duplicates.add(commandId + ":" + type);
                    }
                }));
        audit.stream().collect(Collectors.groupingBy(AuditEntry::eventId, Collectors.counting()))
                .forEach((eventId, count) -> {
                    if (count > 1) {
                        duplicates.add("audit:" + eventId);
                    }
                });
    }

    /** Each customer's state folded from its events in aggregate order. */
    static Map<String, CustomerState> storeStates(List<StoredEvent> store) {
        Map<String, List<StoredEvent>> byCustomer = store.stream()
                .collect(Collectors.groupingBy(StoredEvent::customerId));
        Map<String, CustomerState> states = new HashMap<>();
        byCustomer.forEach((customerId, events) -> {
            String status = null;
            boolean restricted = false;
            Map<String, Boolean> consents = new TreeMap<>();
            for (StoredEvent event : events.stream().sorted(Comparator.comparingLong(StoredEvent::sequence)).toList()) {
                switch (event.type()) {
                    case "CustomerRegistered", "CustomerUnmerged" -> status = "ACTIVE";
                    case "CustomerMergedInto" -> status = "MERGED";
                    case "CustomerErased" -> status = "ERASED";
                    case "ProcessingRestricted" -> restricted = true;
                    case "ProcessingRestrictionLifted" -> restricted = false;
                    case "ConsentGranted" -> consents.put(event.purpose(), true);
                    case "ConsentWithdrawn" -> consents.put(event.purpose(), false);
                    default -> { }
                }
            }
            states.put(customerId, new CustomerState(status, restricted, consents));
        });
        return states;
    }

    /**
     * The view agrees with the store on every customer: an erased one has its tombstone and no row left anywhere in
     * the view; any other has its own row with the same status, restriction and consent per purpose, and no
     * tombstone. Rows or tombstones for customers the store does not know are violations too.
     */
    private static void view(Observations observed, Set<String> disagreeing, Map<String, String> explanations) {
        Map<String, CustomerState> store = storeStates(observed.store());
        store.forEach((customerId, state) -> {
            ViewRow row = observed.view().get(customerId);
            boolean tombstone = observed.tombstones().contains(customerId);
            boolean agrees;
            if ("ERASED".equals(state.status())) {
                agrees = tombstone && row == null && !observed.customersWithViewRows().contains(customerId);
            } else {
                agrees = !tombstone && row != null && Objects.equals(row.status(), state.status())
                        && row.restricted() == state.restricted() && row.consents().equals(state.consents());
            }
            if (!agrees) {
                disagreeing.add(customerId);
                explanations.put(customerId, "store " + state.status() + " restricted=" + state.restricted()
                        + " consents=" + state.consents() + "; view " + (row == null ? "no row"
                        : row.status() + " restricted=" + row.restricted() + " consents=" + new TreeMap<>(row.consents()))
                        + (tombstone ? " +tombstone" : "")
                        + (observed.customersWithViewRows().contains(customerId) ? " +field rows" : ""));
            }
        });
        Set<String> unknown = new TreeSet<>(observed.view().keySet());
        unknown.addAll(observed.tombstones());
        unknown.removeAll(store.keySet());
        disagreeing.addAll(unknown);
    }

    private static void eventFlow(Observations observed, Map<Invariant, Set<String>> found) {
        Map<String, Long> position = new HashMap<>();
        observed.store().forEach(event -> position.put(event.eventId(), event.globalIndex()));
        Set<String> published = new HashSet<>();
        for (PublishedEvent event : observed.published()) {
            published.add(event.eventId());
            Long stored = position.get(event.eventId());
            if (stored == null) {
                found.get(Invariant.PHANTOM).add(String.valueOf(event.eventId()));
            } else if (!stored.equals(event.globalSequence())) {
                found.get(Invariant.WRONG_POSITION).add(event.eventId());
            }
        }
        Set<String> audited = new HashSet<>();
        for (AuditEntry entry : observed.audit()) {
            audited.add(entry.eventId());
            Long stored = position.get(entry.eventId());
            if (stored == null) {
                found.get(Invariant.PHANTOM).add(entry.eventId());
            } else if (stored != entry.globalPosition()) {
                found.get(Invariant.WRONG_POSITION).add(entry.eventId());
            }
        }
        List<String> stored = new ArrayList<>(position.keySet());
        stored.stream().filter(id -> !published.contains(id)).forEach(found.get(Invariant.NOT_PUBLISHED)::add);
        stored.stream().filter(id -> !audited.contains(id)).forEach(found.get(Invariant.NOT_AUDITED)::add);
    }
}
