package be.randhub.intake;

import be.randhub.document.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.networknt.schema.Error;

import tools.jackson.databind.JsonNode;

/**
 * Turns schema validation errors into problems a partner can act on: a JSON pointer to the field (to the
 * missing field itself for "required"), and the validator's message with the partner's own value left out, so a
 * receipt or a trail never repeats what was sent.
 */
final class SchemaProblems {

    private SchemaProblems() {
    }

    static List<Problem> describe(List<Error> errors) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Set<String>> alternatives = new LinkedHashMap<>();
        for (Error error : errors) {
            String location = pointer(error);
            if ("required".equals(error.getKeyword()) && String.valueOf(error.getEvaluationPath()).contains("anyOf")) {
                alternatives.computeIfAbsent(location, key -> new LinkedHashSet<>()).add(error.getProperty());
                continue;
            }
            if ("anyOf".equals(error.getKeyword())) {
                continue; // described by its alternatives
            }
            if ("required".equals(error.getKeyword())) {
                problems.add(new Problem(location + "/" + escape(error.getProperty()), "is required"));
                continue;
            }
            problems.add(new Problem(location, withoutValue(error)));
        }
        alternatives.forEach((location, names) ->
                problems.add(new Problem(location, "needs at least one of: " + String.join(", ", names))));
        return problems;
    }

    private static String pointer(Error error) {
        String location = String.valueOf(error.getInstanceLocation());
        return "/".equals(location) ? "" : location;
    }

    private static String withoutValue(Error error) {
        String message = error.getMessage();
        String location = String.valueOf(error.getInstanceLocation());
        if (message.startsWith(location + ": ")) {
            message = message.substring(location.length() + 2);
        }
        JsonNode value = error.getInstanceNode();
        if (value != null && value.isValueNode()) {
            String text = value.asString();
            // the partner's own value, wherever the validator quotes it, but not a piece of a word ("ar" in "array")
            message = message.replace("\"" + text + "\"", "…").replace("'" + text + "'", "…");
            if (text.length() >= 4) {
                message = message.replaceAll("(?<![\\p{L}\\d])" + java.util.regex.Pattern.quote(text) + "(?![\\p{L}\\d])",
                        java.util.regex.Matcher.quoteReplacement("…"));
            }
        }
        return message;
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
