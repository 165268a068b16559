package dev.lethe.query.customerview;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * Decides what the caller may see of a person: people whose processing is restricted (GDPR Art. 18) only with the
 * {@code COMPLIANCE_OFFICER} role, personal values in clear only with {@code ANALYST_PII} (docs/security.md).
 */
@Component
class RestrictedAccess {

    boolean maySeeRestricted(HttpServletRequest request) {
        return request.isUserInRole("COMPLIANCE_OFFICER");
    }

    boolean maySeePersonalData(HttpServletRequest request) {
        return request.isUserInRole("ANALYST_PII");
    }
}
