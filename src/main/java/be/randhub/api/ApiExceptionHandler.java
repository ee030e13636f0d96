package be.randhub.api;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import be.randhub.intake.IntakeGateway.IntakeUnavailableException;
import be.randhub.language.Catalogue;
import be.randhub.language.Languages;

/**
 * Every error over HTTP is an RFC 9457 problem, without stack traces or internal names. Spring MVC's own
 * errors (415 for a content type other than JSON or multipart, 405, ...) come through the base class.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final Catalogue catalogue;

    ApiExceptionHandler(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    @ExceptionHandler(IntakeUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(IntakeUnavailableException e, HttpServletRequest request) {
        log.warn("HTTP intake could not take a document in: {}", rootCause(e));
        Locale language = Languages.of(request);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                        catalogue.text(language, "http.title.unavailable"), catalogue.text(language, "http.detail.unavailable")));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Locale language = language(request);
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large", catalogue.text(language, "http.title.upload-too-large"),
                        catalogue.text(language, "http.detail.upload-too-large")));
    }

    /** Not the framework's "No static resource ..." with the path: the same words for anything that is not there. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        Locale language = language(request);
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.NOT_FOUND, "not-found", catalogue.text(language, "http.title.not-found"),
                        catalogue.text(language, "http.detail.not-found")));
    }

    @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(org.springframework.security.access.AccessDeniedException e, HttpServletRequest request) {
        Locale language = Languages.of(request);
        return problem(HttpStatus.FORBIDDEN, "forbidden", catalogue.text(language, "http.title.forbidden"),
                catalogue.text(language, "http.detail.forbidden"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on an HTTP request: {}", rootCause(e));
        Locale language = Languages.of(request);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", catalogue.text(language, "http.title.internal"),
                catalogue.text(language, "http.detail.internal"));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problems.of(status, type, title, detail));
    }

    private static Locale language(WebRequest request) {
        return Languages.choose(request.getParameter(Languages.PARAMETER), request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
