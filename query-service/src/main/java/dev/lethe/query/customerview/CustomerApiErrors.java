package dev.lethe.query.customerview;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refused input of the analyst API as {@code 400 {code, field, message}}. */
@RestControllerAdvice(assignableTypes = CustomerController.class)
class CustomerApiErrors {

    @ExceptionHandler(BadRequest.class)
    ResponseEntity<ApiError> badRequest(BadRequest refused) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(refused.error());
    }

    /** Not JSON, or not a JSON object; the parser's message is not passed on, it may quote the input. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException unreadable) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(ApiError.of("MALFORMED_BODY", "the body must be a JSON object"));
    }
}
