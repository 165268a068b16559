package dev.lethe.query.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per authenticated principal (the token's subject), so one caller cannot starve the others.
 * Unauthenticated requests (only the open health probes get that far) are not counted. In memory, per instance:
 * with several instances the limit is per instance.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final SecurityProperties.RateLimit limit;
    private final Clock clock;
    private final SecurityErrors errors;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimitFilter(SecurityProperties.RateLimit limit, Clock clock, SecurityErrors errors) {
        this.limit = limit;
        this.clock = clock;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        Bucket bucket = buckets.computeIfAbsent(authentication.getName(), name -> new Bucket(limit.burst(), now()));
        long waitNanos = bucket.take(now(), limit.requestsPerSecond(), limit.burst());
        if (waitNanos > 0) {
            errors.rateLimited(response, Math.max(1, (long) Math.ceil(waitNanos / 1e9)));
            return;
        }
        chain.doFilter(request, response);
    }

    private long now() {
        java.time.Instant instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Tokens refill continuously up to {@code burst}; each request takes one. */
    static final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.updatedNanos = nowNanos;
        }

        /** @return 0 when a token was taken, else the nanoseconds until one is available */
        synchronized long take(long nowNanos, double perSecond, int burst) {
            tokens = Math.min(burst, tokens + Math.max(0, nowNanos - updatedNanos) / 1e9 * perSecond);
            updatedNanos = Math.max(updatedNanos, nowNanos);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond * 1e9);
        }
    }
}
