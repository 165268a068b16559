package dev.lethe.command.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints for the key-encryption keys (role {@code OPERATOR}): how many data keys each KEK wraps,
 * and an online rotation to a configured KEK. See docs/crypto-shredding.md, "Key rotation".
 */
@RestController
@RequestMapping("/api/operations/keys")
class KeyRotationController {

    private final KeyRotation rotation;

    KeyRotationController(KeyRotation rotation) {
        this.rotation = rotation;
    }

    @GetMapping
    KeyRotation.Status status() {
        return rotation.status();
    }

    /** Runs the whole rotation before answering; the service keeps serving meanwhile. */
    @PostMapping("/rotate")
    KeyRotation.Result rotate(@RequestBody(required = false) RotateRequest request) {
        if (request == null || request.kekId() == null || request.kekId().isBlank()) {
            throw new KeyRotationException("MISSING_FIELD", "kekId", "kekId is required");
        }
        return rotation.rotateTo(request.kekId().strip());
    }

    record RotateRequest(String kekId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String code, String field, String message) {
    }

    @ExceptionHandler(KeyRotationException.class)
    ResponseEntity<Error> refused(KeyRotationException refused) {
        HttpStatus status = "ROTATION_IN_PROGRESS".equals(refused.code()) ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).body(new Error(refused.code(), refused.field(), refused.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Error> unreadable(HttpMessageNotReadableException unreadable) {
        return ResponseEntity.badRequest().body(new Error("INVALID_JSON", null,
                "the body must be a JSON object like {\"kekId\":\"kek-2027-01\"}"));
    }
}
