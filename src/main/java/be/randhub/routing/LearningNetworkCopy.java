package be.randhub.routing;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import be.randhub.privacy.Scrubber;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The learning network's copy of minutes and feedback reports: knowledge and numbers without persons.
 * Attendees are reduced to their organisations (each named once), a PDF not marked shareable is left out, and
 * every text in the payload is scrubbed of contact data and of the names the hub knows in that municipality.
 */
@Component
public class LearningNetworkCopy {

    private final Scrubber scrubber;

    public LearningNetworkCopy(Scrubber scrubber) {
        this.scrubber = scrubber;
    }

    /** The copy; what was scrubbed is counted into {@code removed}, per kind. */
    public ObjectNode of(ObjectNode document, Map<String, Integer> removed) {
        ObjectNode copy = document.deepCopy();
        String municipality = copy.path("municipality").asString("");
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
            scrubTexts(payload, municipality, removed);
        }
        return copy;
    }

    /** Scrubs every text value below the node (the attachment's hash excepted). */
    private void scrubTexts(JsonNode node, String municipality, Map<String, Integer> removed) {
        if (node instanceof ObjectNode object) {
            for (String field : Set.copyOf(object.propertyNames())) {
                JsonNode value = object.get(field);
                if (value.isString() && !field.equals("sha256")) {
                    object.set(field, StringNode.valueOf(scrubber.scrub(value.asString(), municipality, removed)));
                } else {
                    scrubTexts(value, municipality, removed);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isString()) {
                    array.set(i, StringNode.valueOf(scrubber.scrub(value.asString(), municipality, removed)));
                } else {
                    scrubTexts(value, municipality, removed);
                }
            }
        }
    }
}
