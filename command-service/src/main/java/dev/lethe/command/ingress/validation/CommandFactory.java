package dev.lethe.command.ingress.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.contract.consent.GrantConsent;
import dev.lethe.contract.consent.WithdrawConsent;
import dev.lethe.contract.customer.ContactDetails;
import dev.lethe.contract.customer.EraseCustomer;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.LiftRestriction;
import dev.lethe.contract.customer.RegisterCustomer;
import dev.lethe.contract.customer.RestrictProcessing;
import dev.lethe.contract.customer.RestrictionReason;
import dev.lethe.contract.customer.UpdateContactDetails;
import dev.lethe.contract.envelope.CommandEnvelope;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.hold.LegalHoldBasis;
import dev.lethe.contract.hold.PlaceLegalHold;
import dev.lethe.contract.hold.ReleaseLegalHold;
import dev.lethe.contract.identity.MergeCustomers;
import dev.lethe.contract.identity.UnmergeCustomers;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Validates an envelope against the contract and the configured policies and builds the command it
 * carries. Checks run from the outside in (envelope, sender, payload), so the first problem reported is the
 * one the sender has to fix first. A record these checks let through is checked against the published JSON
 * Schema last ({@link EnvelopeSchema}): what the schema forbids is refused even where the code would be lenient,
 * so the schema producers code against cannot drift from what the service accepts.
 */
public final class CommandFactory {

    static final List<String> CONTACT_FIELDS = List.of("name", "email", "phone", "postalAddress", "birthDate");

    private final SenderPolicy senderPolicy;
    private final CustomerAddressing addressing;

    public CommandFactory(SenderPolicy senderPolicy, CustomerAddressing addressing) {
        this.senderPolicy = senderPolicy;
        this.addressing = addressing;
    }

    /**
     * @throws dev.lethe.command.customer.CommandRejectedException the first problem, by the field's path, never
     *         quoting a value that was sent
     */
    public ValidatedCommand create(Envelope envelope) {
        Payload fields = new Payload(envelope.json(), "");
        fields.requiredText("commandId");
        String typeName = fields.requiredText("type");
        CommandType type = CommandType.named(typeName).orElseThrow(() -> new CommandRejectedException(
                Rejection.UNKNOWN_COMMAND_TYPE, "type", "type is not a known command type"));
        String source = fields.requiredText("source");
        String actor = fields.requiredText("actor");
        String purpose = fields.requiredText("purpose");
        Instant issuedAt = fields.instant("issuedAt");
        if (issuedAt == null) {
            throw new CommandRejectedException(Rejection.MISSING_FIELD, "issuedAt", "issuedAt is required");
        }
        if (envelope.topicSource() != null && !envelope.topicSource().equals(source)) {
            // the broker authenticated the writer of this topic as that source: an envelope cannot claim another
            throw new CommandRejectedException(Rejection.SOURCE_NOT_AUTHORISED, "source",
                    "this topic takes commands of source '" + envelope.topicSource() + "' only");
        }
        senderPolicy.authorise(source, type, purpose);
        Payload payload = Payload.of(envelope.json().get("payload"), "payload");
        fields.markRead("payload");
        fields.rejectUnknownFields();

        Header header = new Header(new CommandEnvelope(envelope.commandId(), type.name(), source, actor, purpose,
                issuedAt, (ObjectNode) envelope.json().get("payload")), type);
        ValidatedCommand command = switch (type) {
            case RegisterCustomer -> register(header, payload);
            case UpdateContactDetails -> updateContactDetails(header, payload);
            case GrantConsent -> grantConsent(header, payload);
            case WithdrawConsent -> withdrawConsent(header, payload);
            case RestrictProcessing -> restrictProcessing(header, payload);
            case LiftRestriction -> liftRestriction(header, payload);
            case EraseCustomer -> erase(header, payload);
            case MergeCustomers -> merge(header, payload);
            case UnmergeCustomers -> unmerge(header, payload);
            case PlaceLegalHold -> placeLegalHold(header, payload);
            case ReleaseLegalHold -> releaseLegalHold(header, payload);
        };
        payload.rejectUnknownFields();
        EnvelopeSchema.check(envelope.json());
        return command;
    }

    private ValidatedCommand register(Header header, Payload payload) {
        String sourceCustomerId = payload.requiredText("sourceCustomerId");
        ContactDetails details = contactDetails(header, payload);
        String customerId = UUID.randomUUID().toString();
        GrantConsent consent = registrationConsent(header, payload, customerId);
        return header.command(new RegisterCustomer(customerId, header.source(), sourceCustomerId, header.purpose(),
                details), customerId, sourceCustomerId, consent);
    }

    /**
     * The consent a registration was collected with (optional {@code payload.consent}), for the envelope's
     * purpose. {@code grantedAt} is required there: it is what tells fresh consent from old (docs/suppression.md).
     */
    private GrantConsent registrationConsent(Header header, Payload payload, String customerId) {
        payload.markRead("consent");
        if (!payload.has("consent")) {
            return null;
        }
        senderPolicy.authorise(header.source(), CommandType.GrantConsent, header.purpose());
        Payload consent = Payload.of(payload.node("consent"), payload.pathOf("consent"));
        String channel = consent.requiredText("channel");
        String textVersion = consent.requiredText("consentTextVersion");
        Instant grantedAt = consent.instant("grantedAt");
        if (grantedAt == null) {
            throw new CommandRejectedException(Rejection.MISSING_FIELD, "payload.consent.grantedAt",
                    "payload.consent.grantedAt is required");
        }
        if (grantedAt.isAfter(header.issuedAt())) {
            throw new CommandRejectedException(Rejection.INVALID_FIELD, "payload.consent.grantedAt",
                    "payload.consent.grantedAt must not be after issuedAt");
        }
        consent.rejectUnknownFields();
        return new GrantConsent(customerId, header.purpose(), channel, textVersion, grantedAt);
    }

    private ValidatedCommand updateContactDetails(Header header, Payload payload) {
        String customerId = addressing.resolve(header.source(), payload);
        ContactDetails details = contactDetails(header, payload);
        if (details.equals(ContactDetails.none())) {
            throw new CommandRejectedException(Rejection.MISSING_FIELD, "payload",
                    "payload must carry at least one of name, email, phone, postalAddress, birthDate");
        }
        return header.command(new UpdateContactDetails(customerId, header.purpose(), details), customerId, null);
    }

    private ValidatedCommand grantConsent(Header header, Payload payload) {
        String customerId = addressing.resolve(header.source(), payload);
        String channel = payload.requiredText("channel");
        String textVersion = payload.requiredText("consentTextVersion");
        Instant grantedAt = orIssuedAt(payload.instant("grantedAt"), header);
        return header.command(new GrantConsent(customerId, header.purpose(), channel, textVersion, grantedAt),
                customerId, null);
    }

    private ValidatedCommand withdrawConsent(Header header, Payload payload) {
        String customerId = addressing.resolve(header.source(), payload);
        String channel = payload.requiredText("channel");
        Instant withdrawnAt = orIssuedAt(payload.instant("withdrawnAt"), header);
        return header.command(new WithdrawConsent(customerId, header.purpose(), channel, withdrawnAt),
                customerId, null);
    }

    private ValidatedCommand restrictProcessing(Header header, Payload payload) {
        String customerId = addressing.resolve(header.source(), payload);
        RestrictionReason reason = payload.enumValue("reason", RestrictionReason.class);
        return header.command(new RestrictProcessing(customerId, reason.name()), customerId, null);
    }

    private ValidatedCommand liftRestriction(Header header, Payload payload) {
        String customerId = addressing.resolve(header.source(), payload);
        return header.command(new LiftRestriction(customerId), customerId, null);
    }

    private ValidatedCommand erase(Header header, Payload payload) {
        String customerId = addressing.resolve(header.source(), payload);
        ErasureReason reason = payload.enumValue("reason", ErasureReason.class);
        return header.command(new EraseCustomer(customerId, reason), customerId, null);
    }

    /** A steward names both customers by id: a merge is too consequential for a source reference. */
    private ValidatedCommand merge(Header header, Payload payload) {
        String survivorId = payload.requiredUuid("survivorId");
        String mergedCustomerId = payload.requiredUuid("mergedCustomerId");
        return header.command(new MergeCustomers(survivorId, mergedCustomerId), survivorId, null);
    }

    private ValidatedCommand unmerge(Header header, Payload payload) {
        String survivorId = payload.requiredUuid("survivorId");
        String mergedCustomerId = payload.requiredUuid("mergedCustomerId");
        return header.command(new UnmergeCustomers(survivorId, mergedCustomerId), survivorId, null);
    }

    /** Whether {@code until} lies in the future is the aggregate's decision: it knows the service's clock. */
    private ValidatedCommand placeLegalHold(Header header, Payload payload) {
        String customerId = addressing.resolve(header.source(), payload);
        Instant until = payload.instant("until");
        if (until == null) {
            throw new CommandRejectedException(Rejection.MISSING_FIELD, "payload.until", "payload.until is required");
        }
        LegalHoldBasis basis = payload.enumValue("basis", LegalHoldBasis.class);
        return header.command(new PlaceLegalHold(customerId, until, basis.name()), customerId, null);
    }

    private ValidatedCommand releaseLegalHold(Header header, Payload payload) {
        String customerId = addressing.resolve(header.source(), payload);
        return header.command(new ReleaseLegalHold(customerId), customerId, null);
    }

    private ContactDetails contactDetails(Header header, Payload payload) {
        senderPolicy.requireFieldsPermitted(header.purpose(), CONTACT_FIELDS.stream()
                .filter(payload::has).map(payload::pathOf).toList());
        return new ContactDetails(
                payload.optionalText("name"),
                payload.email("email"),
                payload.phone("phone"),
                payload.postalAddress("postalAddress"),
                payload.date("birthDate"));
    }

    private static Instant orIssuedAt(Instant instant, Header header) {
        return instant != null ? instant : header.issuedAt();
    }

    /** The envelope as the contract types it, once its own fields passed; the payload is still to be read. */
    private record Header(CommandEnvelope envelope, CommandType type) {

        String source() {
            return envelope.source();
        }

        String purpose() {
            return envelope.purpose();
        }

        Instant issuedAt() {
            return envelope.issuedAt();
        }

        ValidatedCommand command(Object command, String customerId, String sourceCustomerId) {
            return command(command, customerId, sourceCustomerId, null);
        }

        ValidatedCommand command(Object command, String customerId, String sourceCustomerId, GrantConsent consent) {
            return new ValidatedCommand(envelope.commandId(), type, envelope.source(), envelope.actor(),
                    envelope.purpose(), command, customerId, sourceCustomerId, consent);
        }
    }
}
