package dev.lethe.query.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lethe.support.security.SecurityErrors;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per authenticated principal (the token's subject), so one caller cannot starve the others.
 * Unauthenticated requests (only the open health probes get that far) are not counted. In memory, per instance:
 * with several instances the limit is per instance. A bucket left idle for as long as a full refill takes is full
 * again, the same as a new one, so it is dropped then: memory follows the callers of the last seconds, not every
 * principal ever seen.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final Bandwidth bandwidth;
    private final TimeMeter time;
    private final SecurityErrors errors;
    private final Cache<String, Bucket> buckets;

    RateLimitFilter(RateLimitProperties limit, Clock clock, SecurityErrors errors) {
        Duration fullRefill = Duration.ofNanos((long) Math.ceil(limit.burst() / limit.requestsPerSecond() * 1e9));
        this.bandwidth = Bandwidth.builder().capacity(limit.burst()).refillGreedy(limit.burst(), fullRefill).build();
        this.time = new ClockTime(clock);
        this.errors = errors;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(fullRefill).ticker(time::currentTimeNanos).build();
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
        ConsumptionProbe probe = buckets.get(authentication.getName(), name -> newBucket())
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            errors.rateLimited(response, Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1e9)));
            return;
        }
        chain.doFilter(request, response);
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build();
    }

    /** How many principals have a bucket now (the idle ones leave on the cache's next maintenance). */
    long trackedPrincipals() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** The service's clock for refills and expiry alike, so that a test can move time instead of waiting. */
    private record ClockTime(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
