package dev.lethe.command.ingress;

/**
 * A command that passed every check of the envelope and payload, ready for the aggregate.
 *
 * @param customerId       the person it is about (new for a registration)
 * @param sourceCustomerId the source's own reference, for a registration only
 */
record ValidatedCommand(
        String commandId,
        CommandType type,
        String source,
        String actor,
        String purpose,
        Object command,
        String customerId,
        String sourceCustomerId) {

    boolean registers() {
        return type == CommandType.RegisterCustomer;
    }
}
