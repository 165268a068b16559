package dev.lethe.query.customerview;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer of the analyst API. {@code message} says what is wrong with a field, never
 * what was sent: the value may be personal data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(String code, String field, String message) {

    static ApiError of(String code, String message) {
        return new ApiError(code, null, message);
    }
}
