package dev.lethe.query.audit;

import java.time.Clock;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The compliance officer's view of the trail itself; it holds no personal data. */
@RestController
@RequestMapping("/api/compliance/audit")
class AuditController {

    private final ChainVerifier verifier;
    private final AuditTrail trail;
    private final Checkpoints checkpoints;
    private final CheckpointKeys keys;
    private final SigningKeyRegistry signingKeys;
    private final Clock clock;

    AuditController(ChainVerifier verifier, AuditTrail trail, Checkpoints checkpoints, CheckpointKeys keys,
                    SigningKeyRegistry signingKeys, Clock clock) {
        this.verifier = verifier;
        this.trail = trail;
        this.checkpoints = checkpoints;
        this.keys = keys;
        this.signingKeys = signingKeys;
        this.clock = clock;
    }

    @GetMapping("/verify")
    Verification verify() {
        return verifier.verify();
    }

    @GetMapping("/export")
    AuditExport export() {
        return new AuditExport(AuditExport.FORMAT, clock.instant(), keys.keyId(), keys.publicKeyBase64(),
                trail.entries().stream().map(AuditExport.Entry::of).toList(),
                checkpoints.all().stream().map(AuditExport.SignedCheckpoint::of).toList(), signingKeys.jwks());
    }

    /** Signs the head now, e.g. right before an export that is to be kept as evidence. */
    @PostMapping("/checkpoints")
    ResponseEntity<?> checkpoint() {
        return checkpoints.signHead()
                .<ResponseEntity<?>>map(c -> ResponseEntity.status(HttpStatus.CREATED).body(AuditExport.SignedCheckpoint.of(c)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.CONFLICT)
                        .body(Map.of("code", "AUDIT_TRAIL_EMPTY", "message", "there is no entry to sign yet")));
    }
}
