package be.randhub.api;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import be.randhub.document.Problem;

/** RFC 9457 problem bodies, with the hub's extensions: the trackingId and every error (JSON pointer and message). */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:rand-hub:problem:" + type));
        problem.setTitle(title);
        return problem;
    }

    static ProblemDetail withErrors(ProblemDetail problem, String trackingId, List<Problem> errors) {
        if (trackingId != null) {
            problem.setProperty("trackingId", trackingId);
        }
        problem.setProperty("errors", errors);
        return problem;
    }
}
