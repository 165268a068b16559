package dev.lethe.chaos;

/** What a record sent to {@code lethe.commands} is, and what its answer and effect should be. */
enum Kind {

    REGISTER_WEBSHOP(Effect.REGISTER),
    /** The same person registered again by a second source: linked to the first registration by email. */
    REGISTER_CRM(Effect.REGISTER),
    UPDATE_CONTACT(Effect.EVENT),
    GRANT_CONSENT(Effect.GRANT),
    WITHDRAW_CONSENT(Effect.WITHDRAW),
    RESTRICT(Effect.RESTRICT),
    LIFT_RESTRICTION(Effect.LIFT),
    ERASE(Effect.ERASE),
    /** An exact repeat (same key, same bytes) of an earlier command: answered again, never applied twice. */
    RESEND(Effect.NONE),
    /** Broken JSON whose commandId can still be read: answered INVALID_JSON. */
    POISON_BROKEN_WITH_ID(Effect.NONE),
    /** Broken JSON without a readable commandId: nobody to answer, parked on the DLQ. */
    POISON_BROKEN_WITHOUT_ID(Effect.NONE),
    /** {@code {"commandId":"<uuid>"}} alone. */
    POISON_ID_ONLY(Effect.NONE),
    /** A complete envelope whose type is the number 17. */
    POISON_NUMERIC_TYPE(Effect.NONE),
    /** The first half of an earlier command, same commandId: must get the earlier command's answer again. */
    POISON_BROKEN_REPEAT(Effect.NONE);

    enum Effect { REGISTER, EVENT, GRANT, WITHDRAW, RESTRICT, LIFT, ERASE, NONE }

    final Effect effect;

    Kind(Effect effect) {
        this.effect = effect;
    }

    /** Whether the record carries a commandId the platform can read, and so owes an answer under it. */
    boolean answerable() {
        return this != POISON_BROKEN_WITHOUT_ID;
    }

    /** A command of the workload proper (not a repeat, not poison): its first answer decides its effect. */
    boolean original() {
        return effect != Effect.NONE;
    }
}
