package dev.lethe.query.compliance;

import dev.lethe.query.access.AccessLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything Lethe holds about a person (GDPR Art. 15 and 20), machine-readable.
 *
 * @param readModels   the rows of every read model in schema {@code query} (profile, source records, consents,
 *                     tombstone, …), keyed by table
 * @param currentState the person rebuilt from their stored events now: profile, source records, consents
 * @param history      every audit entry about the person, with event content where still readable
 * @param accessLog    who read the person's personal data, when and through which endpoint (this export included)
 */
record SubjectAccessExport(String format, String customerId, Instant generatedAt,
                           Map<String, List<Object>> readModels, CustomerState currentState,
                           List<CustomerHistory.Item> history, List<AccessLog.Access> accessLog) {

    static final String FORMAT = "lethe-subject-access-export/1";
}
