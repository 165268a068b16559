package dev.lethe.query.customerview;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refused input of the analyst API as {@code 400 {code, field, message}}. */
@RestControllerAdvice(assignableTypes = CustomerController.class)
class CustomerApiErrors {

    private static final Logger log = LoggerFactory.getLogger(CustomerApiErrors.class);

    /** A stored value that does not authenticate is never shown; the operator learns where it is (ids only). */
    @ExceptionHandler(ViewNotAuthentic.class)
    ResponseEntity<ApiError> notAuthentic(ViewNotAuthentic notAuthentic) {
        log.error("Refused to answer from the customer view: {}", notAuthentic.getMessage());
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ApiError.of("VIEW_NOT_AUTHENTIC",
                "a stored value of this customer does not authenticate; an operator must rebuild the customer view"));
    }

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
