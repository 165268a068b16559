package dev.lethe.command.ingress.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.contract.envelope.CommandEnvelope;
import dev.lethe.contract.envelope.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The published JSON Schema of the command envelope ({@link CommandEnvelope#SCHEMA}), compiled once and checked
 * against every record the hand-written checks accepted. A finding becomes a rejection with one of the
 * contract's codes, the field's path and a message of our own words: the library's messages quote the values
 * that were sent, which may be personal data, so none of them is passed on.
 */
final class EnvelopeSchema {

    private static final JsonSchema SCHEMA = compile();

    private EnvelopeSchema() {
    }

    /** @throws CommandRejectedException for the first finding, in the order of the fields' paths */
    static void check(JsonNode envelope) {
        Set<ValidationMessage> findings = SCHEMA.validate(envelope);
        findings.stream()
                .min(Comparator.comparing((ValidationMessage finding) -> path(finding))
                        .thenComparing(ValidationMessage::getType))
                .ifPresent(finding -> {
                    throw rejection(finding);
                });
    }

    static CommandRejectedException rejection(ValidationMessage finding) {
        String path = path(finding);
        String where = path.isEmpty() ? "the command" : path;
        return switch (finding.getType()) {
            case "required", "anyOf" -> new CommandRejectedException(Rejection.MISSING_FIELD, path,
                    where + " is required");
            case "minProperties" -> new CommandRejectedException(Rejection.MISSING_FIELD, path,
                    where + " lacks fields it must carry");
            case "additionalProperties" -> new CommandRejectedException(Rejection.UNKNOWN_FIELD, path,
                    where + " is not a field of this command");
            case "enum", "const" -> "type".equals(path)
                    ? new CommandRejectedException(Rejection.UNKNOWN_COMMAND_TYPE, path, "type is not a known command type")
                    : new CommandRejectedException(Rejection.INVALID_FIELD, path, where + " must be one of "
                            + finding.getSchemaNode());
            case "type" -> new CommandRejectedException(Rejection.INVALID_FIELD, path, where + " must be "
                    + typeName(finding.getSchemaNode().asText()));
            case "minLength" -> new CommandRejectedException(Rejection.INVALID_FIELD, path, where + " must not be blank");
            case "maxLength" -> new CommandRejectedException(Rejection.INVALID_FIELD, path, where + " must be at most "
                    + finding.getSchemaNode().asText() + " characters");
            case "format" -> format(finding, path, where);
            default -> new CommandRejectedException(Rejection.INVALID_FIELD, path,
                    where + " does not match the command envelope schema (" + finding.getType() + ")");
        };
    }

    private static CommandRejectedException format(ValidationMessage finding, String path, String where) {
        return switch (finding.getSchemaNode().asText()) {
            case "date-time" -> new CommandRejectedException(Rejection.INVALID_DATE, path,
                    where + " must be an instant as 2026-11-28T10:00:00Z");
            case "date" -> new CommandRejectedException(Rejection.INVALID_DATE, path, where + " must be a date as YYYY-MM-DD");
            case "uuid" -> new CommandRejectedException(Rejection.INVALID_FIELD, path, where + " must be a UUID");
            default -> new CommandRejectedException(Rejection.INVALID_FIELD, path,
                    where + " must be in the format " + finding.getSchemaNode().asText());
        };
    }

    /** In the words the hand-written checks use ({@code Payload}). */
    private static String typeName(String schemaType) {
        return switch (schemaType) {
            case "string" -> "a string";
            case "object" -> "a JSON object";
            default -> "of type " + schemaType;
        };
    }

    /**
     * The field's path as the other checks name it ({@code payload.postalAddress.city}); for a missing or unknown
     * member the member itself, not the object that lacks or has it.
     */
    private static String path(ValidationMessage finding) {
        StringJoiner path = new StringJoiner(".");
        JsonNodePath location = finding.getInstanceLocation();
        for (int index = 0; index < location.getNameCount(); index++) {
            path.add(location.getName(index));
        }
        if (finding.getProperty() != null && Set.of("required", "additionalProperties").contains(finding.getType())) {
            path.add(finding.getProperty());
        }
        return path.toString();
    }

    private static JsonSchema compile() {
        try (InputStream schema = CommandEnvelope.class.getResourceAsStream(CommandEnvelope.SCHEMA)) {
            if (schema == null) {
                throw new IllegalStateException("the command envelope schema " + CommandEnvelope.SCHEMA + " is missing");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(schema, InputFormat.JSON, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
