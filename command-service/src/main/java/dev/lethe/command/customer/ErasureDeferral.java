package dev.lethe.command.customer;

import java.time.Instant;

/** What an {@code EraseCustomer} returns when a legal hold defers it: the hold's end, when it will happen. */
public record ErasureDeferral(Instant until) {
}
