package dev.lethe.command.ingress.validation;

import java.util.Optional;

/**
 * Who Lethe knows, as far as validation must ask: the commands name a customer by id or by the sender's own
 * reference. Behind it is the identity store, which validation does not reach into itself.
 */
public interface CustomerDirectory {

    /** The customer this id stands for now: itself, or the survivor it was merged into. */
    String survivorOf(String customerId);

    /** The customer registered under this source record, routed to its survivor; empty when there is none. */
    Optional<String> customerFor(String source, String sourceCustomerId);
}
