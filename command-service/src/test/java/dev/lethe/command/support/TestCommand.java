package dev.lethe.command.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Builds command envelopes the way a source system writes them (JSON on {@code lethe.commands}). */
public final class TestCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every test registration is a different person unless a test says otherwise: identity resolution links equals. */
    private static final AtomicLong PEOPLE = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 5_000_000));

    private final ObjectNode envelope = JSON.createObjectNode();
    private final ObjectNode payload = envelope.putObject("payload");

    private TestCommand(String type) {
        envelope.put("commandId", UUID.randomUUID().toString());
        envelope.put("type", type);
        envelope.put("source", "webshop");
        envelope.put("actor", "agent-17");
        envelope.put("purpose", "order-fulfilment");
        envelope.put("issuedAt", "2026-11-28T10:00:00Z");
        envelope.set("payload", payload);
    }

    public static TestCommand of(String type) {
        return new TestCommand(type);
    }

    /**
     * An Erika registers at the web shop for an order: every field the order-fulfilment purpose allows. Each
     * call is a different Erika (own email and phone), so identity resolution does not link them.
     */
    public static TestCommand registerErika(String sourceCustomerId) {
        long person = PEOPLE.incrementAndGet();
        TestCommand command = of("RegisterCustomer")
                .with("sourceCustomerId", sourceCustomerId)
                .with("name", "Erika Mustermann")
                .with("email", "erika." + person + "@example.org")
                .with("phone", "+49 30 " + person);
        ObjectNode address = command.payload.putObject("postalAddress");
        address.put("street", "Hauptstr. 1").put("postalCode", "10115").put("city", "Berlin").put("country", "DE");
        return command;
    }

    /** A lead from the CRM: name and email only, as the lead purpose allows. */
    public static TestCommand registerLead(String sourceCustomerId, String name, String email) {
        return of("RegisterCustomer").from("crm").forPurpose("lead")
                .with("sourceCustomerId", sourceCustomerId).with("name", name).with("email", email);
    }

    /** An email address no other test registration uses. */
    public static String uniqueEmail(String localPart) {
        return localPart + "." + PEOPLE.incrementAndGet() + "@example.org";
    }

    /** An international phone number no other test registration uses. */
    public static String uniquePhone() {
        return "+49 40 " + PEOPLE.incrementAndGet();
    }

    public TestCommand from(String source) {
        envelope.put("source", source);
        return this;
    }

    public TestCommand forPurpose(String purpose) {
        envelope.put("purpose", purpose);
        return this;
    }

    public TestCommand envelope(String field, String value) {
        if (value == null) {
            envelope.remove(field);
        } else {
            envelope.put(field, value);
        }
        return this;
    }

    public TestCommand with(String field, String value) {
        payload.put(field, value);
        return this;
    }

    /** The consent the registration was collected with ({@code payload.consent}). */
    public TestCommand withConsent(String channel, String consentTextVersion, String grantedAt) {
        ObjectNode consent = payload.putObject("consent");
        consent.put("channel", channel).put("consentTextVersion", consentTextVersion);
        if (grantedAt != null) {
            consent.put("grantedAt", grantedAt);
        }
        return this;
    }

    public TestCommand without(String field) {
        payload.remove(field);
        return this;
    }

    public String payloadText(String field) {
        return payload.path(field).asText(null);
    }

    public String commandId() {
        return envelope.get("commandId").asText();
    }

    public String json() {
        return envelope.toString();
    }
}
