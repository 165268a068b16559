package dev.lethe.command.ingress.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.contract.customer.ContactFormats;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.contract.envelope.Rejection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the fields of one JSON object of a command. Every error names the field by its path
 * and never repeats the value, which may be personal data.
 */
final class Payload {

    private static final int MAX_TEXT = 256;
    private static final Pattern UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final ObjectNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();

    Payload(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Payload of(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw new CommandRejectedException(Rejection.MISSING_FIELD, path, path + " is required");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new CommandRejectedException(Rejection.INVALID_FIELD, path, path + " must be a JSON object");
        }
        return new Payload(object, path);
    }

    JsonNode node(String field) {
        return node.get(field);
    }

    void markRead(String field) {
        read.add(field);
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    String requiredText(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    /** A customer id: a UUID in canonical form, answered in lower case as Lethe issues them. */
    String requiredUuid(String field) {
        String value = requiredText(field);
        if (!UUID.matcher(value).matches()) {
            throw invalid(Rejection.INVALID_FIELD, field, "must be a UUID");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    String optionalText(String field) {
        read.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(Rejection.INVALID_FIELD, field, "must be a string");
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            throw invalid(Rejection.INVALID_FIELD, field, "must not be blank");
        }
        if (text.length() > MAX_TEXT) {
            throw invalid(Rejection.INVALID_FIELD, field, "must be at most " + MAX_TEXT + " characters");
        }
        return text;
    }

    /** An email address, trimmed, with the domain in lower case (the local part is case-sensitive). */
    String email(String field) {
        String value = optionalText(field);
        if (value == null) {
            return null;
        }
        return ContactFormats.email(value)
                .orElseThrow(() -> invalid(Rejection.INVALID_EMAIL, field, "is not a valid email address"));
    }

    /** A phone number in international form, normalised to E.164 ({@code +4930123456}). */
    String phone(String field) {
        String value = optionalText(field);
        if (value == null) {
            return null;
        }
        return ContactFormats.phone(value).orElseThrow(() -> invalid(Rejection.INVALID_PHONE, field,
                "must be an international number with country code, e.g. +49 30 1234567"));
    }

    LocalDate date(String field) {
        String value = optionalText(field);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(Rejection.INVALID_DATE, field, "must be a date as YYYY-MM-DD");
        }
    }

    Instant instant(String field) {
        String value = optionalText(field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(Rejection.INVALID_DATE, field, "must be an instant as 2026-11-28T10:00:00Z");
        }
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
        String value = requiredText(field);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw invalid(Rejection.INVALID_FIELD, field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }

    PostalAddress postalAddress(String field) {
        read.add(field);
        if (!has(field)) {
            return null;
        }
        Payload address = Payload.of(node.get(field), pathOf(field));
        PostalAddress result = new PostalAddress(
                address.requiredText("street"),
                address.requiredText("postalCode"),
                address.requiredText("city"),
                address.countryCode("country"));
        address.rejectUnknownFields();
        return result;
    }

    /** Fields the command does not define are refused: silently dropping them would hide a sender's bug. */
    void rejectUnknownFields() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                throw new CommandRejectedException(Rejection.UNKNOWN_FIELD, pathOf(name),
                        pathOf(name) + " is not a field of this command");
            }
        }
    }

    private String countryCode(String field) {
        String value = requiredText(field);
        if (!value.matches("^[A-Z]{2}$")) {
            throw invalid(Rejection.INVALID_FIELD, field, "must be an ISO 3166-1 alpha-2 country code");
        }
        return value;
    }

    String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private CommandRejectedException missing(String field) {
        return new CommandRejectedException(Rejection.MISSING_FIELD, pathOf(field), pathOf(field) + " is required");
    }

    private CommandRejectedException invalid(Rejection code, String field, String problem) {
        return new CommandRejectedException(code, pathOf(field), pathOf(field) + " " + problem);
    }
}
