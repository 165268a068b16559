package dev.lethe.query.customerview;

import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The analysts' read API over the unified customer view. */
@RestController
@RequestMapping("/api/customers")
class CustomerController {

    private final CustomerViewRepository views;

    CustomerController(CustomerViewRepository views) {
        this.views = views;
    }

    /**
     * The golden record; {@code 410 Gone} with the tombstone once the person was erased, {@code 404} when no
     * such customer is known. Responses carry personal data and must not be cached anywhere.
     */
    @GetMapping("/{customerId}")
    ResponseEntity<?> customer(@PathVariable String customerId) {
        var noStore = CacheControl.noStore();
        return views.find(customerId)
                .<ResponseEntity<?>>map(view -> ResponseEntity.ok().cacheControl(noStore).body(view))
                .or(() -> views.findTombstone(customerId)
                        .map(tombstone -> ResponseEntity.status(HttpStatus.GONE).cacheControl(noStore).body(tombstone)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).cacheControl(noStore)
                        .body(Map.of("code", "CUSTOMER_NOT_FOUND", "message", "no customer with this customerId")));
    }
}
