package dev.lethe.command.ingress.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A command envelope as read from {@code lethe.commands}, before validation: only {@code commandId} is
 * known to be present. {@code sizeBytes} is the size of the record as sent.
 *
 * @param topicSource the source system the record's topic belongs to, when it came from a per-source topic
 *                    that only that source's Kafka principal may write; null on the shared topic
 */
public record Envelope(String commandId, ObjectNode json, int sizeBytes, String topicSource) {

    public Envelope(String commandId, ObjectNode json, int sizeBytes) {
        this(commandId, json, sizeBytes, null);
    }

    public Envelope fromTopicOf(String source) {
        return new Envelope(commandId, json, sizeBytes, source);
    }

    /** The same envelope under the canonical spelling of its id, which is what the store and the log see. */
    public Envelope withCommandId(String canonicalId) {
        return new Envelope(canonicalId, json, sizeBytes, topicSource);
    }

    public String text(String field) {
        var node = json.get(field);
        return node == null || node.isNull() || !node.isTextual() ? null : node.asText();
    }

    public String type() {
        return text("type");
    }
}
