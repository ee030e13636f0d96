package be.randhub.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import be.randhub.document.Problem;
import be.randhub.language.Catalogue;
import be.randhub.language.Languages;

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

    /** A problem in the caller's language: title {@code http.title.<key>}, detail {@code http.detail.<detailKey>}. */
    static ProblemDetail of(Catalogue catalogue, HttpServletRequest request, HttpStatus status, String type, String titleKey,
                            String detailKey, Object... arguments) {
        Locale language = Languages.of(request);
        return of(status, type, catalogue.text(language, titleKey), catalogue.text(language, detailKey, arguments));
    }

    static ProblemDetail withErrors(ProblemDetail problem, String trackingId, List<Problem> errors) {
        if (trackingId != null) {
            problem.setProperty("trackingId", trackingId);
        }
        problem.setProperty("errors", errors);
        return problem;
    }
}
