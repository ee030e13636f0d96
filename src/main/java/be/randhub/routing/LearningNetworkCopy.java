package be.randhub.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import be.randhub.privacy.Scrubber;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The learning network's copy of minutes and feedback reports: knowledge and numbers without persons.
 * Attendees are reduced to their organisations (each named once), a PDF not marked shareable is left out, and
 * every field that can carry text is scrubbed of contact data and of the names the hub knows: the envelope's
 * {@code documentId} and every text in the payload (the attachment's file name included). The structural
 * fields stay: {@code type}, {@code partner}, {@code municipality}, {@code createdAt}, {@code schemaVersion}
 * and the attachment's {@code sha256}. All texts of a copy are scrubbed together: one lookup of names per copy.
 */
@Component
public class LearningNetworkCopy {

    /** Envelope fields the hub or the schema fixes: no free text in them. */
    private static final Set<String> STRUCTURAL = Set.of("schemaVersion", "type", "partner", "municipality", "createdAt", "payload");

    private final Scrubber scrubber;

    public LearningNetworkCopy(Scrubber scrubber) {
        this.scrubber = scrubber;
    }

    /** The copy; what was scrubbed is counted into {@code removed}, per kind. */
    public ObjectNode of(ObjectNode document, Map<String, Integer> removed) {
        ObjectNode copy = document.deepCopy();
        if (copy.path("payload") instanceof ObjectNode payload) {
            if (payload.path("attachment").isObject() && !payload.path("attachment").path("shareable").asBoolean(false)) {
                payload.remove("attachment");
            }
            if (payload.path("attendees").isArray()) {
                ArrayNode organisations = payload.arrayNode();
                Set<String> seen = new LinkedHashSet<>();
                for (JsonNode attendee : payload.path("attendees")) {
                    String organisation = attendee.path("organisation").asString("");
                    if (seen.add(organisation)) {
                        organisations.addObject().put("organisation", organisation);
                    }
                }
                payload.set("attendees", organisations);
            }
        }
        List<String> texts = new ArrayList<>();
        List<Consumer<String>> places = new ArrayList<>();
        for (String field : List.copyOf(copy.propertyNames())) {
            if (!STRUCTURAL.contains(field)) {
                collect(copy, field, texts, places);
            }
        }
        collectBelow(copy.path("payload"), texts, places);
        List<String> scrubbed = scrubber.scrubAll(texts, removed);
        for (int i = 0; i < places.size(); i++) {
            places.get(i).accept(scrubbed.get(i));
        }
        return copy;
    }

    /** Every text value below the node (the attachment's hash excepted), and where to put its scrubbed text. */
    private static void collectBelow(JsonNode node, List<String> texts, List<Consumer<String>> places) {
        if (node instanceof ObjectNode object) {
            for (String field : List.copyOf(object.propertyNames())) {
                if (!field.equals("sha256")) {
                    collect(object, field, texts, places);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isString()) {
                    int index = i;
                    texts.add(value.asString());
                    places.add(text -> array.set(index, StringNode.valueOf(text)));
                } else {
                    collectBelow(value, texts, places);
                }
            }
        }
    }

    private static void collect(ObjectNode object, String field, List<String> texts, List<Consumer<String>> places) {
        JsonNode value = object.get(field);
        if (value.isString()) {
            texts.add(value.asString());
            places.add(text -> object.set(field, StringNode.valueOf(text)));
        } else {
            collectBelow(value, texts, places);
        }
    }
}
