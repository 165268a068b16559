package dev.lethe.command.ingress.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.contract.envelope.Rejection;
import java.io.IOException;
import java.util.Objects;

/** Turns the raw bytes of a command record into an {@link Envelope}, or says precisely why it cannot. */
public final class EnvelopeReader {

    private final JsonMapper mapper = JsonMapper.builder()
            // a repeated key would let two readers of one command see two different commands
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** For recovering an id only: it must read past a repeated key to see whether commandId is the one repeated. */
    private static final JsonMapper LENIENT = JsonMapper.builder().build();

    /**
     * @param topicSource the source the record's topic belongs to (a per-source topic), or null on the shared topic
     */
    public Reading read(byte[] value, String topicSource) {
        try {
            Envelope envelope = read(value);
            return new Reading(topicSource == null ? envelope : envelope.fromTopicOf(topicSource), null);
        } catch (UndecodableCommandException e) {
            return new Reading(null, e);
        }
    }

    Envelope read(byte[] value) throws UndecodableCommandException {
        if (value == null || value.length == 0) {
            throw new UndecodableCommandException(Rejection.INVALID_JSON, "the record has no value", null);
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(value);
        } catch (IOException e) {
            // Jackson's message quotes the input, which may be personal data: keep only our own words
            throw new UndecodableCommandException(Rejection.INVALID_JSON,
                    "the record is not valid JSON", recoverCommandId(value));
        }
        if (!(tree instanceof ObjectNode json)) {
            throw new UndecodableCommandException(Rejection.INVALID_JSON,
                    "the record is not a JSON object", null);
        }
        JsonNode commandId = json.get("commandId");
        if (commandId == null || !commandId.isTextual() || commandId.asText().isBlank()) {
            throw new UndecodableCommandException(Rejection.MISSING_FIELD,
                    "commandId is missing; without it no result can be sent", null);
        }
        return new Envelope(commandId.asText(), json, value.length);
    }

    /**
     * The commandId a sender can be answered under: the envelope's, or the one recovered from a record that is no
     * envelope; null when there is none.
     */
    public String readableCommandId(byte[] value) {
        return read(value, null).readableCommandId();
    }

    /**
     * Reads the top level's tokens up to the first syntax error, so a truncated command can still be answered. A
     * repeated key is read past (it is what made the record invalid), but a second, different {@code commandId} makes
     * the id ambiguous: then there is none to answer under.
     */
    private String recoverCommandId(byte[] value) {
        String commandId = null;
        try (JsonParser parser = LENIENT.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            boolean seen = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("commandId".equals(name)) {
                    String id = token == JsonToken.VALUE_STRING && !parser.getText().isBlank() ? parser.getText() : null;
                    if (seen && !Objects.equals(id, commandId)) {
                        return null;
                    }
                    seen = true;
                    commandId = id;
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            // the syntax error that made the record undecodable: what was read before it stands
        }
        return commandId;
    }
}
