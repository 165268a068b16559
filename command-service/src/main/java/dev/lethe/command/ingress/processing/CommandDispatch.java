package dev.lethe.command.ingress.processing;

import dev.lethe.command.customer.ErasureDeferral;
import dev.lethe.command.identity.IdentityResolver;
import dev.lethe.command.ingress.validation.ValidatedCommand;
import dev.lethe.command.suppression.Suppression;
import dev.lethe.contract.consent.GrantConsent;
import dev.lethe.contract.customer.RegisterCustomer;
import dev.lethe.contract.customer.UpdateContactDetails;
import dev.lethe.contract.envelope.CommandResult;
import dev.lethe.contract.wire.CommandMetadata;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Carries out a validated command inside the caller's transaction: hands a registration to suppression and identity
 * resolution, sends it through Axon's command gateway with its metadata, and logs its answer (accepted, or deferred
 * by the aggregate) or hands the log row back to a batch that logs its rows together.
 */
@Component
class CommandDispatch {

    private final CommandLog log;
    private final IdentityResolver identity;
    private final Suppression suppression;
    private final CommandGateway gateway;

    CommandDispatch(CommandLog log, IdentityResolver identity, Suppression suppression, CommandGateway gateway) {
        this.log = log;
        this.identity = identity;
        this.suppression = suppression;
        this.gateway = gateway;
    }

    /** Carries out the command and logs its answer before anything is sent to the aggregate. */
    CommandResult dispatch(UUID id, ValidatedCommand validated) {
        return dispatch(id, validated, true).answer();
    }

    /**
     * @param logNow whether to log the answer here; otherwise the row is handed back for the caller to log with
     *               others, in the same transaction
     * @return the answer as logged
     */
    CommandLog.Row dispatch(UUID id, ValidatedCommand validated, boolean logNow) {
        ValidatedCommand command = resolveIdentity(validated);
        String type = command.type().name();
        CommandLog.Row accepted = CommandLog.row(id, type, command.source(),
                CommandResult.accepted(id.toString(), command.customerId()));
        if (logNow) {
            // logged before dispatch: a concurrent duplicate then waits on this row's lock instead of applying twice
            log.record(id, type, command.source(), accepted.answer());
        }
        Object outcome = send(command, command.command());
        if (command.consent() != null) {
            // same transaction: the registration and the consent it was collected with are stored together
            send(command, command.consent());
        }
        if (!(outcome instanceof ErasureDeferral deferral)) {
            return accepted;
        }
        CommandLog.Row deferred = CommandLog.row(id, type, command.source(),
                CommandResult.erasureDeferred(id.toString(), command.customerId(), deferral.until().toString()));
        if (logNow) {
            log.amend(id, deferred.answer());
        }
        return deferred;
    }

    private Object send(ValidatedCommand command, Object payload) {
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(payload).andMetaData(Map.of(
                CommandMetadata.COMMAND_ID, command.commandId(),
                CommandMetadata.COMMAND_TYPE, command.type().name(),
                CommandMetadata.SOURCE, command.source(),
                CommandMetadata.ACTOR, command.actor(),
                CommandMetadata.PURPOSE, command.purpose())));
    }

    /**
     * In this transaction, before the aggregate is called: the keys claimed here and the events stored by
     * the command commit together, and the database locks are always taken before any aggregate lock.
     */
    private ValidatedCommand resolveIdentity(ValidatedCommand command) {
        if (command.command() instanceof RegisterCustomer registration) {
            suppression.admit(registration.contactDetails(),
                    Optional.ofNullable(command.consent()).map(GrantConsent::grantedAt));
            IdentityResolver.Registration resolved = identity.register(registration);
            return command.routedTo(resolved.customerId(), resolved.command());
        }
        if (command.command() instanceof UpdateContactDetails update) {
            identity.claimContactKeys(update.customerId(), update.contactDetails());
        }
        return command;
    }
}
