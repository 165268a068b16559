package dev.lethe.shredding;

/**
 * A stored personal field failed authentication: its bytes were changed, it was moved from another field or
 * another subject's event, or it was stored unencrypted. Never thrown for an erased subject; that reads as
 * {@link dev.lethe.contract.Personal#erased()}.
 */
public class PersonalDataIntegrityException extends ShreddingException {

    public PersonalDataIntegrityException(String eventType, String field, String problem) {
        super("personal field '" + field + "' of " + eventType + " " + problem);
    }
}
