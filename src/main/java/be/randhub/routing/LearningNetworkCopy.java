package be.randhub.routing;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The learning network's copy of minutes and feedback reports: knowledge and numbers without persons.
 * Attendees are reduced to their organisations (each named once), and a PDF not marked shareable is left out.
 */
@Component
public class LearningNetworkCopy {

    public ObjectNode of(ObjectNode document) {
        ObjectNode copy = document.deepCopy();
        JsonNode payload = copy.path("payload");
        if (payload instanceof ObjectNode fields) {
            if (fields.path("attachment").isObject() && !fields.path("attachment").path("shareable").asBoolean(false)) {
                fields.remove("attachment");
            }
            if (fields.path("attendees").isArray()) {
                ArrayNode organisations = fields.arrayNode();
                java.util.Set<String> seen = new java.util.LinkedHashSet<>();
                for (JsonNode attendee : fields.path("attendees")) {
                    String organisation = attendee.path("organisation").asString("");
                    if (seen.add(organisation)) {
                        organisations.addObject().put("organisation", organisation);
                    }
                }
                fields.set("attendees", organisations);
            }
        }
        return copy;
    }
}
