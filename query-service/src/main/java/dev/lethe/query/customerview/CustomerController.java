package dev.lethe.query.customerview;

import dev.lethe.shredding.BlindIndex;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The analysts' read API over the unified customer view. Personal data never travels in a URL: searches
 * by email, phone or source reference are POST bodies. Answers carry personal data and must not be cached.
 */
@RestController
@RequestMapping("/api/customers")
class CustomerController {

    private static final CacheControl NO_STORE = CacheControl.noStore();

    private final GoldenRecords records;
    private final CustomerStats stats;
    private final RestrictedAccess restrictedAccess;
    private final BlindIndex blindIndex;

    CustomerController(GoldenRecords records, CustomerStats stats, RestrictedAccess restrictedAccess,
                       BlindIndex blindIndex) {
        this.records = records;
        this.stats = stats;
        this.restrictedAccess = restrictedAccess;
        this.blindIndex = blindIndex;
    }

    /**
     * The golden record ({@code mergedInto} set for a customer merged into another); {@code 403} when its
     * processing is restricted and the caller may not see it, {@code 410 Gone} with the tombstone once the
     * person was erased, {@code 404} when no such customer is known.
     */
    @GetMapping("/{customerId}")
    ResponseEntity<?> customer(@PathVariable String customerId, HttpServletRequest request) {
        return records.find(customerId)
                .<ResponseEntity<?>>map(view -> view.restricted() && !restrictedAccess.maySeeRestricted(request)
                        ? ResponseEntity.status(HttpStatus.FORBIDDEN).cacheControl(NO_STORE).body(ApiError.of(
                        "PROCESSING_RESTRICTED", "processing of this customer's data is restricted (GDPR Art. 18)"))
                        : ResponseEntity.ok().cacheControl(NO_STORE).body(view))
                .or(() -> records.findTombstone(customerId)
                        .map(tombstone -> ResponseEntity.status(HttpStatus.GONE).cacheControl(NO_STORE).body(tombstone)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).cacheControl(NO_STORE)
                        .body(ApiError.of("CUSTOMER_NOT_FOUND", "no customer with this customerId")));
    }

    /**
     * Golden records by exact email or phone (matched through the blind index, any formatting), by source
     * reference ({@code source} + {@code sourceCustomerId}), by consent ({@code consentPurpose},
     * {@code consentStatus} GRANTED (default) or WITHDRAWN) and {@code status}; criteria combine with AND.
     * Paged ({@code page} from 0, {@code size} 1..100, default 20) and sorted ({@code sort}, e.g.
     * {@code createdAt,desc}).
     */
    @PostMapping("/search")
    ResponseEntity<GoldenRecords.SearchResult> search(@RequestBody Map<String, Object> body,
                                                      HttpServletRequest request) {
        SearchRequest search = SearchRequest.parse(body, blindIndex);
        return ResponseEntity.ok().cacheControl(NO_STORE)
                .body(records.search(search, restrictedAccess.maySeeRestricted(request)));
    }

    /** Counts by status, source and consent; no personal data. */
    @GetMapping("/stats")
    ResponseEntity<CustomerStats.Stats> stats() {
        return ResponseEntity.ok().cacheControl(NO_STORE).body(stats.current());
    }
}
