package dev.lethe.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The seeded command mix: people registered by the web shop and linked by the CRM (same email), contact updates,
 * consents granted and withdrawn, processing restricted and lifted, erasures; exact resends of earlier commands;
 * poison records. Every command about one person carries the person's key, so all of them land on one partition
 * in the order sent, which is the order the model in {@link Checker} applies them in. Not thread-safe: one load
 * thread draws from it.
 */
final class Workload {

    /** A record to send. {@code commandId} is null for poison without a readable id. */
    record Command(String key, String commandId, Kind kind, String value) {
    }

    private static final String HEADER = "{\"commandId\":\"%s\",\"type\":\"%s\",\"source\":\"%s\",\"actor\":\"chaos\","
            + "\"purpose\":\"%s\",\"issuedAt\":\"2026-11-28T10:00:00Z\",\"payload\":";

    private final Random random;
    private final String run;
    private final boolean poison;
    private final List<Person> people = new ArrayList<>();
    private final List<Command> sentOriginals = new ArrayList<>();
    private int poisonCount;

    private static final class Person {
        final int number;
        boolean crm;
        boolean eraseSent;
        int updates;

        Person(int number) {
            this.number = number;
        }
    }

    Workload(long seed, boolean poison) {
        this.random = new Random(seed);
        // a run tag from the same seed: the same seed sends the same commands, ids included
        this.run = Long.toString(random.nextLong() & 0xffffffffL, 36);
        this.poison = poison;
    }

    Command next() {
        int draw = random.nextInt(100);
        if (draw < 5 && !sentOriginals.isEmpty()) {
            Command earlier = sentOriginals.get(random.nextInt(sentOriginals.size()));
            return new Command(earlier.key(), earlier.commandId(), Kind.RESEND, earlier.value());
        }
        if (draw < 9 && poison) {
            return poison();
        }
        Command command = original();
        sentOriginals.add(command);
        return command;
    }

    private Command original() {
        List<Person> living = people.stream().filter(person -> !person.eraseSent).toList();
        if (living.isEmpty() || random.nextInt(100) < 22) {
            Person person = new Person(people.size() + 1);
            people.add(person);
            return register(person, "webshop", "order-fulfilment", Kind.REGISTER_WEBSHOP);
        }
        Person person = living.get(random.nextInt(living.size()));
        if (!person.crm && random.nextInt(100) < 40) {
            person.crm = true;
            return register(person, "crm", "customer-service", Kind.REGISTER_CRM);
        }
        int draw = random.nextInt(100);
        if (draw < 25) {
            person.updates++;
            String email = "p" + person.number + "-u" + person.updates + "." + run + "@example.org";
            return command(person, "webshop", "order-fulfilment", "UpdateContactDetails", Kind.UPDATE_CONTACT,
                    "\"email\":\"" + email + "\"");
        }
        if (draw < 45) {
            return consent(person, "GrantConsent", Kind.GRANT_CONSENT,
                    ",\"consentTextVersion\":\"v" + (1 + random.nextInt(3)) + "\"");
        }
        if (draw < 60) {
            return consent(person, "WithdrawConsent", Kind.WITHDRAW_CONSENT, "");
        }
        if (!person.crm) {
            // restriction and erasure come from the CRM, which must know the person first
            person.crm = true;
            return register(person, "crm", "customer-service", Kind.REGISTER_CRM);
        }
        if (draw < 75) {
            return command(person, "crm", "customer-service", "RestrictProcessing", Kind.RESTRICT,
                    "\"reason\":\"ACCURACY_CONTESTED\"");
        }
        if (draw < 92) {
            return command(person, "crm", "customer-service", "LiftRestriction", Kind.LIFT_RESTRICTION, null);
        }
        person.eraseSent = true;
        return command(person, "crm", "customer-service", "EraseCustomer", Kind.ERASE,
                "\"reason\":\"DATA_SUBJECT_REQUEST\"");
    }

    /** Marketing consent through the web shop, or customer-service consent through the CRM once it knows them. */
    private Command consent(Person person, String type, Kind kind, String extra) {
        boolean viaCrm = person.crm && random.nextBoolean();
        return command(person, viaCrm ? "crm" : "webshop", viaCrm ? "customer-service" : "marketing", type, kind,
                "\"channel\":\"email\"" + extra);
    }

    private Command register(Person person, String source, String purpose, Kind kind) {
        String details = "\"name\":\"Person " + person.number + "\",\"email\":\"p" + person.number + "." + run
                + "@example.org\"";
        return command(person, source, purpose, "RegisterCustomer", kind, details);
    }

    private Command command(Person person, String source, String purpose, String type, Kind kind, String fields) {
        String commandId = uuid();
        String payload = "{\"sourceCustomerId\":\"" + reference(person) + "\"" + (fields == null ? "" : "," + fields) + "}";
        return new Command(key(person), commandId, kind, HEADER.formatted(commandId, type, source, purpose) + payload + "}");
    }

    private Command poison() {
        poisonCount++;
        String key = "chaos-" + run + "-poison-" + poisonCount;
        String commandId = uuid();
        return switch (random.nextInt(5)) {
            case 0 -> new Command(key, commandId, Kind.POISON_BROKEN_WITH_ID,
                    "{\"commandId\":\"" + commandId + "\",\"type\":\"RegisterCustomer\",\"payload\":{\"sourceCustomerId\":");
            case 1 -> new Command(key, null, Kind.POISON_BROKEN_WITHOUT_ID, "{\"type\":\"RegisterCustomer\",\"payload\":{");
            case 2 -> new Command(key, commandId, Kind.POISON_ID_ONLY, "{\"commandId\":\"" + commandId + "\"}");
            case 3 -> new Command(key, commandId, Kind.POISON_NUMERIC_TYPE,
                    HEADER.replace("\"type\":\"%s\"", "\"type\":%s").formatted(commandId, "17", "webshop", "marketing")
                            + "{\"sourceCustomerId\":\"nobody\",\"channel\":\"email\"}}");
            default -> brokenRepeat(key, commandId);
        };
    }

    /** Cut where the id has been read but the JSON is not complete: the same commandId, undecodable. */
    private Command brokenRepeat(String key, String fallbackId) {
        if (sentOriginals.isEmpty()) {
            return new Command(key, fallbackId, Kind.POISON_ID_ONLY, "{\"commandId\":\"" + fallbackId + "\"}");
        }
        Command earlier = sentOriginals.get(random.nextInt(sentOriginals.size()));
        String value = earlier.value();
        return new Command(earlier.key(), earlier.commandId(), Kind.POISON_BROKEN_REPEAT,
                value.substring(0, value.indexOf("\"payload\":") + "\"payload\":".length()));
    }

    private String key(Person person) {
        return "chaos-" + run + "-person-" + person.number;
    }

    private String reference(Person person) {
        return run + "-" + person.number;
    }

    /** A version-4 UUID from the seeded generator, so that a seed repeats a run exactly. */
    private String uuid() {
        long high = (random.nextLong() & ~0xf000L) | 0x4000L;
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
