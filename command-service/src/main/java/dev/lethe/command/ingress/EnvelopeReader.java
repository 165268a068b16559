package dev.lethe.command.ingress;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.command.customer.Rejection;
import java.io.IOException;

/** Turns the raw bytes of a command record into an {@link Envelope}, or says precisely why it cannot. */
final class EnvelopeReader {

    private final JsonMapper mapper = JsonMapper.builder()
            // a repeated key would let two readers of one command see two different commands
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

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

    /** Reads tokens up to the first syntax error, so a truncated command can still be answered. */
    private String recoverCommandId(byte[] value) {
        try (JsonParser parser = mapper.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("commandId".equals(name)) {
                    return token == JsonToken.VALUE_STRING && !parser.getText().isBlank() ? parser.getText() : null;
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
