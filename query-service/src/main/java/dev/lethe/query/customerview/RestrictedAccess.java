package dev.lethe.query.customerview;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * Decides whether the caller may see people whose processing is restricted (GDPR Art. 18). The one seam for
 * the security work: today there are no roles, so nobody may; a role check from the authenticated principal
 * belongs here and nowhere else.
 */
@Component
class RestrictedAccess {

    boolean maySeeRestricted(HttpServletRequest request) {
        return false;
    }
}
