package dev.lethe.benchmark;

import java.util.UUID;

/**
 * The JSON envelopes the pipeline benchmark sends to {@code lethe.commands}, in the README's format. Every person is
 * new and synthetic: equal emails or phones would be matched and linked to one customer.
 */
final class Envelopes {

    private static final String HEADER = "{\"commandId\":\"%s\",\"type\":\"%s\",\"source\":\"%s\",\"actor\":\"bench\","
            + "\"purpose\":\"%s\",\"issuedAt\":\"2026-11-28T10:00:00Z\",\"payload\":";

    private Envelopes() {
    }

    static String register(String commandId, String reference) {
        return CommandLoad.register(commandId, reference);
    }

    /** A new email each time, so that no two customers ever share one. */
    static String updateContactDetails(String commandId, String customerId) {
        return header(commandId, "UpdateContactDetails", "webshop", "order-fulfilment")
                + "{\"customerId\":\"%s\",\"email\":\"u-%s@example.org\"}}".formatted(customerId, UUID.randomUUID());
    }

    static String grantConsent(String commandId, String customerId) {
        return header(commandId, "GrantConsent", "webshop", "marketing")
                + "{\"customerId\":\"%s\",\"channel\":\"email\",\"consentTextVersion\":\"newsletter-v3\"}}"
                .formatted(customerId);
    }

    static String withdrawConsent(String commandId, String customerId) {
        return header(commandId, "WithdrawConsent", "webshop", "marketing")
                + "{\"customerId\":\"%s\",\"channel\":\"email\"}}".formatted(customerId);
    }

    static String erase(String commandId, String customerId) {
        return header(commandId, "EraseCustomer", "support", "customer-service")
                + "{\"customerId\":\"%s\",\"reason\":\"DATA_SUBJECT_REQUEST\"}}".formatted(customerId);
    }

    private static String header(String commandId, String type, String source, String purpose) {
        return HEADER.formatted(commandId, type, source, purpose);
    }
}
