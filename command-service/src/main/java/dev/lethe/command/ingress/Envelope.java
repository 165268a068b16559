package dev.lethe.command.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A command envelope as read from {@code lethe.commands}, before validation: only {@code commandId} is
 * known to be present. {@code sizeBytes} is the size of the record as sent.
 */
record Envelope(String commandId, ObjectNode json, int sizeBytes) {

    String text(String field) {
        var node = json.get(field);
        return node == null || node.isNull() || !node.isTextual() ? null : node.asText();
    }

    String type() {
        return text("type");
    }
}
