package dev.lethe.query.operations;

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
 * Operator endpoints for the projections: status and lag, and a rebuild from offset zero. Not yet protected:
 * the security issue must restrict them to operators.
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
            rebuilder.rebuild(projection);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuilder.status(projection));
        }).orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Map.of("code", "PROJECTION_NOT_FOUND", "message", "no projection with this name")));
    }
}
