package dev.lethe.query.operations;

import dev.lethe.query.projection.RebuildableProjection;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints for the projections (role {@code OPERATOR}): status, lag and parked events, a rebuild from
 * offset zero, and a retry of the parked events.
 */
@RestController
@RequestMapping("/api/operations/projections")
class ProjectionOperationsController {

    private final ProjectionRebuilder rebuilder;

    ProjectionOperationsController(ProjectionRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @GetMapping
    List<ProjectionRebuilder.ProjectionStatus> projections() {
        return rebuilder.status();
    }

    /**
     * Empties the projection and replays {@code lethe.events} from the first offset. Answers {@code 202} once
     * the listener runs again; the replay itself continues in the background (watch the lag).
     */
    @PostMapping("/{name}/rebuild")
    ResponseEntity<?> rebuild(@PathVariable String name) {
        return rebuilder.find(name).<ResponseEntity<?>>map(projection -> {
            if (!(projection instanceof RebuildableProjection rebuildable)) {
                return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("code", "PROJECTION_NOT_REBUILDABLE",
                        "message", "this projection is append-only and cannot be rebuilt"));
            }
            rebuilder.rebuild(rebuildable);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuilder.status(projection));
        }).orElseGet(ProjectionOperationsController::notFound);
    }

    /**
     * Applies the projection's parked events again, read back from the topic: per customer in sequence order, as
     * far as they now fit (the missing event has arrived, a defect is fixed). The listener pauses meanwhile.
     * Answers {@code 200} with how many were released and the status after.
     */
    @PostMapping("/{name}/parked/retry")
    ResponseEntity<?> retryParked(@PathVariable String name) {
        return rebuilder.find(name).<ResponseEntity<?>>map(projection -> {
            int released = rebuilder.retryParked(projection);
            return ResponseEntity.ok(Map.of("released", released, "projection", rebuilder.status(projection)));
        }).orElseGet(ProjectionOperationsController::notFound);
    }

    private static ResponseEntity<?> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Map.of("code", "PROJECTION_NOT_FOUND", "message", "no projection with this name"));
    }
}
