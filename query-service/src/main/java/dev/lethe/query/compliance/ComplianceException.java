package dev.lethe.query.compliance;

import org.springframework.http.HttpStatus;

/** A request the compliance API refuses, with a stable code, the offending field if any, and a message free of personal data. */
class ComplianceException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final String field;

    ComplianceException(HttpStatus status, String code, String field, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    static ComplianceException customerNotFound() {
        return new ComplianceException(HttpStatus.NOT_FOUND, "CUSTOMER_NOT_FOUND", null,
                "no customer with this customerId in the audit trail");
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    String field() {
        return field;
    }
}
