package dev.lethe.command.ingress.validation;

import dev.lethe.contract.consent.GrantConsent;

/**
 * A command that passed every check of the envelope and payload, ready for the aggregate.
 *
 * @param customerId       the person it is about (new for a registration, until identity resolution
 *                         links it to a known one)
 * @param sourceCustomerId the source's own reference, for a registration only
 * @param consent          the consent a registration was collected with, recorded for the customer it ends
 *                         with; null when it carries none (and for every other command)
 */
public record ValidatedCommand(
        String commandId,
        CommandType type,
        String source,
        String actor,
        String purpose,
        Object command,
        String customerId,
        String sourceCustomerId,
        GrantConsent consent) {

    /** The same command after identity resolution decided who it is about and what the aggregate is told. */
    public ValidatedCommand routedTo(String resolvedCustomerId, Object resolvedCommand) {
        return new ValidatedCommand(commandId, type, source, actor, purpose, resolvedCommand, resolvedCustomerId,
                sourceCustomerId, consent == null ? null : new GrantConsent(resolvedCustomerId, consent.purpose(),
                        consent.channel(), consent.consentTextVersion(), consent.grantedAt()));
    }
}
