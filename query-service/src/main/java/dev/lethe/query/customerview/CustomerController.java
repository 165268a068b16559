package dev.lethe.query.customerview;

import dev.lethe.query.access.AccessLog;
import dev.lethe.shredding.BlindIndex;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
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
    private static final String GET_CUSTOMER = "GET /api/customers/{customerId}";
    private static final String SEARCH = "POST /api/customers/search";

    private final GoldenRecords records;
    private final CustomerStats stats;
    private final RestrictedAccess restrictedAccess;
    private final BlindIndex blindIndex;
    private final AccessLog accessLog;

    CustomerController(GoldenRecords records, CustomerStats stats, RestrictedAccess restrictedAccess,
                       BlindIndex blindIndex, AccessLog accessLog) {
        this.records = records;
        this.stats = stats;
        this.restrictedAccess = restrictedAccess;
        this.blindIndex = blindIndex;
        this.accessLog = accessLog;
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
                        : ResponseEntity.ok().cacheControl(NO_STORE).body(shown(logged(view, GET_CUSTOMER), request)))
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
        GoldenRecords.SearchResult result = records.search(search, restrictedAccess.maySeeRestricted(request));
        accessLog.recordAll(result.items().stream().flatMap(view -> readPeople(view).stream()).toList(), SEARCH);
        return ResponseEntity.ok().cacheControl(NO_STORE).body(new GoldenRecords.SearchResult(
                result.items().stream().map(view -> shown(view, request)).toList(), result.page(), result.size(),
                result.totalItems(), result.totalPages()));
    }

    /** Masked unless the caller holds ANALYST_PII; a masked read is still a read of that person and is logged. */
    private CustomerView shown(CustomerView view, HttpServletRequest request) {
        return restrictedAccess.maySeePersonalData(request) ? view : view.withoutPersonalData();
    }

    /** Every read of a person's data is logged before it is answered; a survivor's record shows its members' too. */
    private CustomerView logged(CustomerView view, String endpoint) {
        accessLog.recordAll(readPeople(view), endpoint);
        return view;
    }

    private static List<String> readPeople(CustomerView view) {
        List<String> people = new ArrayList<>();
        people.add(view.customerId());
        if (view.mergedCustomerIds() != null) {
            people.addAll(view.mergedCustomerIds());
        }
        return people;
    }

    /** Counts by status, source and consent; no personal data. */
    @GetMapping("/stats")
    ResponseEntity<CustomerStats.Stats> stats() {
        return ResponseEntity.ok().cacheControl(NO_STORE).body(stats.current());
    }
}
