package dev.lethe.shredding;

/**
 * Refuses to encrypt new personal data for a subject whose key was destroyed: a new key would quietly bring
 * an erased person back.
 */
class SubjectErasedException extends ShreddingException {

    public SubjectErasedException(String subjectId) {
        super("data subject " + subjectId + " has been erased; no new data key is issued for it");
    }
}
