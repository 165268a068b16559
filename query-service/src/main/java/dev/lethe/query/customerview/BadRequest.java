package dev.lethe.query.customerview;

/** Input the API refuses; answered as {@code 400} with the {@link ApiError} it carries. */
final class BadRequest extends RuntimeException {

    private final ApiError error;

    BadRequest(String code, String field, String message) {
        super(code + " " + field, null, false, false);
        this.error = new ApiError(code, field, message);
    }

    ApiError error() {
        return error;
    }
}
