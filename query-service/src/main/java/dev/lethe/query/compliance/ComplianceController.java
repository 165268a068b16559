package dev.lethe.query.compliance;

import dev.lethe.query.access.AccessLog;
import dev.lethe.query.audit.AuditTrail;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The compliance officer's API about one person. Every answer is recorded in the access log before it is sent and
 * carries {@code Cache-Control: no-store}.
 */
@RestController
@RequestMapping("/api/compliance/customers/{customerId}")
class ComplianceController {

    static final String HISTORY = "GET /api/compliance/customers/{id}/history";
    static final String STATE = "GET /api/compliance/customers/{id}/state";
    static final String EXPORT = "GET /api/compliance/customers/{id}/export";
    static final String ERASURE = "GET /api/compliance/customers/{id}/erasure";

    private final AuditTrail trail;
    private final CustomerHistory history;
    private final TimeTravel timeTravel;
    private final StoredProfile profile;
    private final ErasureReceipts receipts;
    private final AccessLog accessLog;
    private final Clock clock;

    ComplianceController(AuditTrail trail, CustomerHistory history, TimeTravel timeTravel, StoredProfile profile,
                         ErasureReceipts receipts, AccessLog accessLog, Clock clock) {
        this.trail = trail;
        this.history = history;
        this.timeTravel = timeTravel;
        this.profile = profile;
        this.receipts = receipts;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @GetMapping("/history")
    ResponseEntity<List<CustomerHistory.Item>> history(@PathVariable String customerId) {
        requireKnown(customerId);
        accessLog.record(customerId, HISTORY);
        return noStore(history.of(customerId));
    }

    @GetMapping("/state")
    ResponseEntity<CustomerState> state(@PathVariable String customerId,
                                        @RequestParam(name = "asOf", required = false) String asOf) {
        Instant instant = asOf == null ? clock.instant() : parse(asOf);
        requireKnown(customerId);
        CustomerState state = timeTravel.stateOf(customerId, instant).orElseThrow(() -> new ComplianceException(
                HttpStatus.NOT_FOUND, "NOT_YET_KNOWN", "asOf", "the customer had no event at or before asOf"));
        accessLog.record(customerId, STATE);
        return noStore(state);
    }

    @GetMapping("/export")
    ResponseEntity<SubjectAccessExport> export(@PathVariable String customerId) {
        requireKnown(customerId);
        accessLog.record(customerId, EXPORT);
        Instant now = clock.instant();
        return noStore(new SubjectAccessExport(SubjectAccessExport.FORMAT, customerId, now, profile.of(customerId),
                timeTravel.stateOf(customerId, now).orElse(null), history.of(customerId),
                accessLog.forCustomer(customerId)));
    }

    @GetMapping("/erasure")
    ResponseEntity<ErasureReceipts.SignedReceipt> erasure(@PathVariable String customerId) {
        requireKnown(customerId);
        ErasureReceipts.SignedReceipt receipt = receipts.receiptFor(customerId).orElseThrow(() -> new ComplianceException(
                HttpStatus.NOT_FOUND, "NOT_ERASED", null, "the customer has not been erased"));
        accessLog.record(customerId, ERASURE);
        return noStore(receipt);
    }

    private void requireKnown(String customerId) {
        if (!trail.knows(customerId)) {
            throw ComplianceException.customerNotFound();
        }
    }

    private static Instant parse(String asOf) {
        try {
            return Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new ComplianceException(HttpStatus.BAD_REQUEST, "INVALID_INSTANT", "asOf",
                    "asOf must be an ISO-8601 instant in UTC, e.g. 2026-11-28T10:00:00Z");
        }
    }

    private static <T> ResponseEntity<T> noStore(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}
