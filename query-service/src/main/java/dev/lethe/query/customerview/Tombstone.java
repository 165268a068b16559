package dev.lethe.query.customerview;

import java.time.Instant;

/** What the view still says about an erased person: that, when and why. */
record Tombstone(String customerId, String status, Instant erasedAt, String reason) {
}
