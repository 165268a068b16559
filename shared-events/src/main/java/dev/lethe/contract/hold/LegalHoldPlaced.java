package dev.lethe.contract.hold;

import dev.lethe.contract.DataSubjectId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A legal hold keeps the person's data until {@code until}: erasure is deferred until then. A second hold
 * never shortens an active one; the later end date wins. Holds no personal data.
 *
 * @param basis the legal ground as a code, e.g. {@code COMMERCIAL_RETENTION}
 */
@Revision("1")
public record LegalHoldPlaced(@DataSubjectId String customerId, Instant until, String basis) {
}
