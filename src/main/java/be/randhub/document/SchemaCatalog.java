package be.randhub.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schemas (draft 2020-12) under {@code src/main/resources/schemas/}: the envelope, shared definitions
 * and one schema per document type. They validate every incoming document and are served, bundled into one
 * self-contained schema per type, at {@code GET /api/v1/schemas/{type}}.
 */
@Component
public class SchemaCatalog {

    static final String PREFIX = "urn:rand-hub:schema:";
    private static final List<String> SHARED = List.of("envelope", "common");

    private final Map<String, ObjectNode> sources = new LinkedHashMap<>();
    private final Map<DocumentType, Schema> typeSchemas = new EnumMap<>(DocumentType.class);
    private final Schema envelope;
    private final Map<String, ObjectNode> published = new LinkedHashMap<>();

    public SchemaCatalog(JsonMapper mapper) {
        List<String> names = new ArrayList<>(SHARED);
        for (DocumentType type : DocumentType.values()) {
            names.add(type.id());
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (String name : names) {
            String text = read("schemas/" + name + ".schema.json");
            texts.put(PREFIX + name, text);
            sources.put(name, (ObjectNode) mapper.readTree(text));
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(texts).schemaRegistryConfig(config));
        envelope = registry.getSchema(SchemaLocation.of(PREFIX + "envelope"));
        for (DocumentType type : DocumentType.values()) {
            typeSchemas.put(type, registry.getSchema(SchemaLocation.of(PREFIX + type.id())));
            published.put(type.id(), bundle(type.id()));
        }
        published.put("envelope", sources.get("envelope").deepCopy());
    }

    /**
     * Validates a document against its type's schema, or against the envelope alone when its type is unknown
     * (the envelope then says which types exist).
     */
    public List<Error> validate(JsonNode document, Optional<DocumentType> type) {
        Schema schema = type.map(typeSchemas::get).orElse(envelope);
        return schema.validate(document);
    }

    /** A schema to publish: a type id, or "envelope". */
    public Optional<ObjectNode> published(String name) {
        return Optional.ofNullable(published.get(name));
    }

    public List<String> publishedNames() {
        return List.copyOf(published.keySet());
    }

    /** The type schema with the shared schemas embedded under $defs (JSON Schema 2020-12 bundling). */
    private ObjectNode bundle(String typeId) {
        ObjectNode bundled = sources.get(typeId).deepCopy();
        ObjectNode defs = bundled.has("$defs") ? (ObjectNode) bundled.get("$defs") : bundled.putObject("$defs");
        for (String shared : SHARED) {
            ObjectNode embedded = sources.get(shared).deepCopy();
            embedded.remove("$schema");
            defs.set(shared, embedded);
        }
        return bundled;
    }

    private static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("schema " + resource + " is missing from the build", e);
        }
    }
}
