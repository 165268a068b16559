package dev.lethe.local.backup;

/**
 * A backup or restore that cannot go on, with a stable code for scripts. Messages name artefacts, schemas and
 * counts, never a subject id or any value from the database.
 */
public final class BackupException extends RuntimeException {

    private final String code;
    private final boolean refusal;

    private BackupException(String code, String message, boolean refusal, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.refusal = refusal;
    }

    /** The input is wrong or unsafe (exit code 2); nothing was changed. */
    static BackupException refused(String code, String message) {
        return new BackupException(code, message, true, null);
    }

    /** Something failed while working (exit code 1). */
    static BackupException failed(String code, String message, Throwable cause) {
        return new BackupException(code, message, false, cause);
    }

    public String code() {
        return code;
    }

    public boolean refusal() {
        return refusal;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
