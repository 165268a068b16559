package dev.lethe.command.forgetting;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/operations/erasure/purge} ({@code OPERATOR}): completes every erasure recorded so far now, and
 * answers what each step did, with times. 200 when every step ran; 500 with the same body when one failed.
 */
@RestController
class ErasurePurgeController {

    private final ErasurePurge purge;

    ErasurePurgeController(ErasurePurge purge) {
        this.purge = purge;
    }

    @PostMapping("/api/operations/erasure/purge")
    ResponseEntity<ErasurePurge.Result> purge() {
        ErasurePurge.Result result = purge.run();
        return ResponseEntity.status(result.complete() ? HttpStatus.OK : HttpStatus.INTERNAL_SERVER_ERROR)
                .body(result);
    }
}
