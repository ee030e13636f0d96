package be.randhub.api;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.document.SchemaCatalog;
import be.randhub.language.Catalogue;
import be.randhub.portal.PortalPages;

/**
 * The JSON Schemas partners validate their documents with: one self-contained schema per type, and the envelope.
 * The partner portal generates its forms from them ({@link PortalPages#SCHEMAS}).
 */
@RestController
@RequestMapping({SchemaController.PATH, PortalPages.SCHEMAS})
class SchemaController {

    static final String PATH = "/api/v1/schemas";

    private static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

    private final SchemaCatalog schemas;
    private final Catalogue catalogue;

    SchemaController(SchemaCatalog schemas, Catalogue catalogue) {
        this.catalogue = catalogue;
        this.schemas = schemas;
    }

    @GetMapping
    Map<String, Object> index() {
        return Map.of("schemas", schemas.publishedNames());
    }

    @GetMapping("/{name}")
    ResponseEntity<?> schema(@PathVariable String name, HttpServletRequest request) {
        return schemas.published(name)
                .<ResponseEntity<?>>map(schema -> ResponseEntity.ok().contentType(SCHEMA_JSON).body(schema))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(catalogue, request,
                        HttpStatus.NOT_FOUND, "unknown-schema", "http.title.unknown-schema", "http.detail.unknown-schema",
                        String.join(", ", schemas.publishedNames()))));
    }
}
