package dev.lethe.query.customerview;

import dev.lethe.contract.customer.ContactFormats;
import dev.lethe.shredding.BlindIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated search body. Parsed by hand from the JSON object so that every refusal names the field and the
 * reason exactly, unknown fields are refused rather than ignored, and no value is ever echoed.
 *
 * @param digests     blind-index digests the record must hold (email, phone, source reference), all of them
 * @param status      {@code ACTIVE} (survivors and unmerged customers, the default) or {@code MERGED}
 * @param orderBy     an allow-listed SQL ordering of {@code s}, the searched {@code customer_view} row
 */
record SearchRequest(List<Digest> digests, String consentPurpose, Boolean consentGranted, String status, int page,
                     int size, String orderBy) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    private static final Set<String> FIELDS = Set.of("email", "phone", "source", "sourceCustomerId",
            "consentPurpose", "consentStatus", "status", "page", "size", "sort");
    private static final Map<String, String> SORTABLE = Map.of("customerId", "s.customer_id",
            "createdAt", "s.created_at", "updatedAt", "s.updated_at");
    private static final Pattern FIELD_NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");

    record Digest(String kind, byte[] value) {
    }

    static SearchRequest parse(Map<String, Object> body, BlindIndex blindIndex) {
        for (String field : body.keySet()) {
            if (!FIELDS.contains(field)) {
                // the name of an unknown field is echoed only when it looks like a field name
                throw new BadRequest("UNKNOWN_FIELD", FIELD_NAME.matcher(field).matches() ? field : null,
                        "this field is not part of a customer search");
            }
        }
        List<Digest> digests = new ArrayList<>();
        String email = text(body, "email");
        if (email != null) {
            if (ContactFormats.email(email).isEmpty()) {
                throw new BadRequest("INVALID_EMAIL", "email", "not an email address");
            }
            digests.add(new Digest("EMAIL", blindIndex.email(email)));
        }
        String phone = text(body, "phone");
        if (phone != null) {
            if (ContactFormats.phone(phone).isEmpty()) {
                throw new BadRequest("INVALID_PHONE", "phone",
                        "not an international phone number (expected a country code, e.g. +49 30 1234567)");
            }
            digests.add(new Digest("PHONE", blindIndex.phone(phone)));
        }
        String source = text(body, "source");
        String sourceCustomerId = text(body, "sourceCustomerId");
        if (source != null || sourceCustomerId != null) {
            if (source == null) {
                throw new BadRequest("MISSING_FIELD", "source", "a source reference needs the source system");
            }
            if (sourceCustomerId == null) {
                throw new BadRequest("MISSING_FIELD", "sourceCustomerId", "a source reference needs the source's id");
            }
            digests.add(new Digest("SOURCE_RECORD", blindIndex.sourceRecord(source, sourceCustomerId)));
        }
        String consentPurpose = text(body, "consentPurpose");
        String consentStatus = oneOf(body, "consentStatus", Set.of("GRANTED", "WITHDRAWN"));
        if (consentStatus != null && consentPurpose == null) {
            throw new BadRequest("MISSING_FIELD", "consentPurpose", "a consent status needs the purpose");
        }
        Boolean granted = consentPurpose == null ? null : !"WITHDRAWN".equals(consentStatus);
        String status = oneOf(body, "status", Set.of("ACTIVE", "MERGED"));
        int page = number(body, "page", 0, 0, Integer.MAX_VALUE / MAX_SIZE);
        int size = number(body, "size", DEFAULT_SIZE, 1, MAX_SIZE);
        return new SearchRequest(List.copyOf(digests), consentPurpose, granted, status == null ? "ACTIVE" : status,
                page, size, orderBy(text(body, "sort")));
    }

    private static String orderBy(String sort) {
        if (sort == null) {
            return "s.created_at ASC";
        }
        String[] parts = sort.split(",", -1);
        String column = SORTABLE.get(parts[0].strip());
        String direction = parts.length == 1 ? "ASC" : parts[1].strip().toUpperCase(java.util.Locale.ROOT);
        if (column == null || parts.length > 2 || !(direction.equals("ASC") || direction.equals("DESC"))) {
            throw new BadRequest("INVALID_SORT", "sort",
                    "expected <property>[,asc|desc] with property one of customerId, createdAt, updatedAt");
        }
        return column + " " + direction;
    }

    /** A string field; absent or JSON null reads as not given, a blank string is refused. */
    private static String text(Map<String, Object> body, String field) {
        Object value = body.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new BadRequest("INVALID_TYPE", field, "expected a string");
        }
        if (text.isBlank()) {
            throw new BadRequest("BLANK_FIELD", field, "must not be blank");
        }
        return text;
    }

    private static String oneOf(Map<String, Object> body, String field, Set<String> allowed) {
        String value = text(body, field);
        if (value != null && !allowed.contains(value)) {
            throw new BadRequest("INVALID_VALUE", field, "expected one of " + String.join(", ",
                    allowed.stream().sorted().toList()));
        }
        return value;
    }

    private static int number(Map<String, Object> body, String field, int absent, int min, int max) {
        Object value = body.get(field);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger)) {
            throw new BadRequest("INVALID_TYPE", field, "expected a whole number");
        }
        Number number = (Number) value;
        if (value instanceof java.math.BigInteger || number.longValue() < min || number.longValue() > max) {
            throw new BadRequest("OUT_OF_RANGE", field, "must be between " + min + " and " + max);
        }
        return number.intValue();
    }
}
