package dev.lethe.query.audit;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public keys that verify erasure receipts and audit checkpoints, for anyone and without a token: a data subject
 * or an auditor must be able to check a receipt without an account here, and public keys are not secret.
 */
@RestController
class ReceiptKeysController {

    static final String ROUTE = "/api/public/receipt-keys";

    private final SigningKeyRegistry registry;

    ReceiptKeysController(SigningKeyRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(ROUTE)
    ResponseEntity<Map<String, Object>> keys() {
        // short: a rotation must show up soon, yet a busy verifier need not ask for every receipt
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic())
                .body(registry.jwks());
    }
}
